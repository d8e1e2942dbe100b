/** Severity of an {@link Issue}: `error` stops the computation it belongs to, `warning` travels in the result. */
export type IssueSeverity = 'error' | 'warning';

/** One message template: `{name}` placeholders are filled from the issue's params. */
export interface MessageTemplate {
  /** Default severity when the issue is raised without an explicit one. */
  readonly severity: IssueSeverity;
  /** English text. */
  readonly en: string;
  /** Simplified Chinese (zh-CN) text. */
  readonly zh: string;
}

/** A table of issue codes for one domain area. */
export type MessageTable = Readonly<Record<string, MessageTemplate>>;
