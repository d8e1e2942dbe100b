import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { fail } from '../_lib/issues/index.js';

/** Encodings xinfeng reads. GBK input is read as GB18030 (a superset). */
export type InputEncoding = 'utf8' | 'gb18030' | 'gbk' | 'utf16le';

/** Names accepted by `--encoding` (case-insensitive), mapped to {@link InputEncoding}. */
const NAMES: Record<string, InputEncoding> = {
  'utf8': 'utf8', 'utf-8': 'utf8', 'utf8bom': 'utf8', 'utf-8-bom': 'utf8', 'utf-8-sig': 'utf8',
  gb18030: 'gb18030', 'gb-18030': 'gb18030', gbk: 'gbk', gb2312: 'gb18030', cp936: 'gbk', 'windows-936': 'gbk', ansi: 'gb18030',
  'utf16le': 'utf16le', 'utf-16le': 'utf16le', 'utf-16': 'utf16le', unicode: 'utf16le',
};

/**
 * Parses an `--encoding` name (`utf-8`, `gbk`, `gb18030`, `utf-16le`, `auto`). `auto` returns
 * `undefined` (detect). Unknown names throw `IO_UNSUPPORTED_ENCODING`.
 *
 * @example
 * ```ts
 * parseEncodingName('GBK'); // 'gbk'
 * ```
 */
export function parseEncodingName(name: string): InputEncoding | undefined {
  const k = name.trim().toLowerCase();
  if (k === 'auto' || k === '') return undefined;
  const e = NAMES[k];
  if (!e) fail('IO_UNSUPPORTED_ENCODING', { encoding: name, supported: 'auto, utf-8, gbk, gb18030, utf-16le' });
  return e;
}

/**
 * Detects the encoding of a file from its first bytes: a UTF-8 BOM → `utf8`; a UTF-16LE BOM →
 * `utf16le`; bytes that are valid UTF-8 → `utf8`; otherwise `gb18030` (Excel's "CSV" save on a
 * Chinese Windows). A multibyte character cut at the end of the sample is tolerated.
 *
 * @example
 * ```ts
 * detectEncoding(readFileSync('export.csv').subarray(0, 65536)); // 'gb18030'
 * ```
 */
export function detectEncoding(sample: Uint8Array): InputEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf16le';
  // Trim a possibly cut character (up to 3 trailing bytes) before the validity check.
  for (let cut = 0; cut <= 3 && cut <= sample.length; cut++) {
    if (isUtf8(sample.subarray(0, sample.length - cut))) {
      if (cut === 0) return 'utf8';
      // Only a lead byte + continuation bytes may be cut.
      const tail = sample.subarray(sample.length - cut);
      if (tail.length && tail[0]! >= 0xc0) return 'utf8';
    }
  }
  return 'gb18030';
}

/**
 * The encoding of a file on disk: `given` when the caller set one (`--encoding`), otherwise
 * detected from the first 64 KiB. Either way the file is opened first, so a missing or unreadable
 * file fails here with FILE_READ_FAILED naming it.
 *
 * @example
 * ```ts
 * fileEncoding('enterprises.csv'); // 'gb18030' for an Excel export
 * ```
 */
export function fileEncoding(file: string, given?: InputEncoding): InputEncoding {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    fail('FILE_READ_FAILED', { file, reason: (e as Error).message });
  }
  const sample = Buffer.alloc(65536);
  const n = readSync(fd, sample, 0, sample.length, 0);
  closeSync(fd);
  return given ?? detectEncoding(sample.subarray(0, n));
}
