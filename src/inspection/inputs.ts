import { z } from 'zod';
import { isValidUscc } from '../uscc/index.js';
import { calendarDateSchema } from '../rulebook/primitives.js';
import { triggerReasonSchema } from '../rulebook/areas/inspection.js';

const usccSchema = z.string().refine(isValidUscc, { message: 'expected a valid unified social credit code' });
/**
 * Agency id: 2–12 upper-case letters or digits (it is part of the readable 检查码).
 *
 * @example
 * ```ts
 * agencyIdSchema.parse('SCJG');
 * ```
 */
export const agencyIdSchema = z.string().regex(/^[A-Z0-9]{2,12}$/, { message: 'expected 2–12 upper-case letters or digits' });
const itemIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'expected letters, digits, _ . -' });

/**
 * One enterprise of the graded population (分级结果): the input of the annual plan.
 *
 * @example
 * ```ts
 * gradedEnterpriseSchema.parse({ uscc: '91310112MA1FL8X00X', supervisionClass: 'II' });
 * ```
 */
export const gradedEnterpriseSchema = z.object({
  uscc: usccSchema,
  supervisionClass: z.string().regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().optional(),
  industryCode: z.string().optional(),
  street: z.string().optional(),
});
/**
 * One enterprise of the graded population.
 *
 * @example
 * ```ts
 * const e: GradedEnterprise = { uscc: '91310112MA1FL8X00X', supervisionClass: 'class-2' };
 * ```
 */
export type GradedEnterprise = z.infer<typeof gradedEnterpriseSchema>;

/**
 * An item of an agency's inspection-item catalogue (检查事项清单): general (一般) or key (重点), and
 * whether it can be checked off-site (非现场检查).
 *
 * @example
 * ```ts
 * inspectionItemSchema.parse({ itemId: 'SCJG-01', agency: 'SCJG', name: '食品经营许可', kind: 'key', offsiteCapable: false });
 * ```
 */
export const inspectionItemSchema = z.strictObject({
  itemId: itemIdSchema,
  agency: agencyIdSchema,
  name: z.string().min(1),
  kind: z.enum(['general', 'key']),
  offsiteCapable: z.boolean(),
  legalBasis: z.string().optional(),
});
/**
 * An inspection item.
 *
 * @example
 * ```ts
 * const item: InspectionItem = { itemId: 'SCJG-01', agency: 'SCJG', name: '食品经营', kind: 'key', offsiteCapable: false };
 * ```
 */
export type InspectionItem = z.infer<typeof inspectionItemSchema>;

/**
 * An inspector of an agency's roster (执法检查人员名录库) with the enterprises they must recuse from.
 *
 * @example
 * ```ts
 * inspectorSchema.parse({ inspectorId: 'SCJG-007', agency: 'SCJG', certificateNo: '31011220001', conflicts: [] });
 * ```
 */
export const inspectorSchema = z.strictObject({
  inspectorId: itemIdSchema,
  agency: agencyIdSchema,
  name: z.string().optional(),
  certificateNo: z.string().min(1),
  /** USCCs of enterprises the inspector has a conflict of interest with (回避). */
  conflicts: z.array(usccSchema),
});
/**
 * An inspector.
 *
 * @example
 * ```ts
 * const i: Inspector = { inspectorId: 'SCJG-001', agency: 'SCJG', certificateNo: '310112200001', conflicts: [] };
 * ```
 */
export type Inspector = z.infer<typeof inspectorSchema>;

/**
 * An entry of the 无感监测 object list: no proactive on-site inspection while in force.
 *
 * @example
 * ```ts
 * noDisturbanceEnterpriseSchema.parse({ uscc: '91310112MA1FL8X00X', from: '2025-01-01' });
 * ```
 */
export const noDisturbanceEnterpriseSchema = z.strictObject({
  uscc: usccSchema,
  from: calendarDateSchema,
  to: calendarDateSchema.optional(),
});
/**
 * An entry of the 无感监测 object list.
 *
 * @example
 * ```ts
 * const e: NoDisturbanceEnterprise = { uscc, from: '2025-01-01' };
 * ```
 */
export type NoDisturbanceEnterprise = z.infer<typeof noDisturbanceEnterpriseSchema>;

/**
 * An entry of the 无事不扰 item list: no proactive inspection of the item while in force.
 *
 * @example
 * ```ts
 * noDisturbanceItemSchema.parse({ itemId: 'SCJG-09', from: '2025-04-08' });
 * ```
 */
export const noDisturbanceItemSchema = z.strictObject({
  itemId: itemIdSchema,
  from: calendarDateSchema,
  to: calendarDateSchema.optional(),
});
/**
 * An entry of the 无事不扰 item list.
 *
 * @example
 * ```ts
 * const e: NoDisturbanceItem = { itemId: 'SCJG-07', from: '2025-04-08' };
 * ```
 */
export type NoDisturbanceItem = z.infer<typeof noDisturbanceItemSchema>;

/**
 * A triggered (触发式) inspection task: an item to check at an enterprise, with its reason.
 *
 * @example
 * ```ts
 * triggeredTaskSchema.parse({ taskId: 'T-2025-0001', agency: 'SCJG', itemId: 'SCJG-01', uscc: '91310112MA1FL8X00X', reason: 'complaintOrReport', date: '2025-03-14' });
 * ```
 */
export const triggeredTaskSchema = z.strictObject({
  taskId: itemIdSchema,
  agency: agencyIdSchema,
  itemId: itemIdSchema,
  uscc: usccSchema,
  reason: triggerReasonSchema,
  date: calendarDateSchema,
  note: z.string().optional(),
});
/**
 * A triggered inspection task.
 *
 * @example
 * ```ts
 * const t: TriggeredTask = { taskId: 'T-1', agency: 'SCJG', itemId: 'SCJG-01', uscc, reason: 'complaintOrReport', date: '2025-03-14' };
 * ```
 */
export type TriggeredTask = z.infer<typeof triggeredTaskSchema>;
/**
 * A reason for a triggered inspection.
 *
 * @example
 * ```ts
 * const r: TriggerReason = 'dataMonitoringFinding';
 * ```
 */
export type TriggerReason = z.infer<typeof triggerReasonSchema>;
