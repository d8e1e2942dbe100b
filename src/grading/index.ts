/**
 * 信用风险分级分类 (credit-risk grading): credit grade A–D from a deduction score with
 * lowering-only exceptions, risk level from industry and facts, and the 信用+风险 supervision class
 * (plan 三(一)2, 三(二)4; 国市监信发〔2022〕6号).
 */
export * from './schema.js';
export {
  CREDIT_GRADES,
  RISK_LEVELS,
  CREDIT_GRADE_NAMES_ZH,
  RISK_LEVEL_NAMES_ZH,
  compileGrading,
  roundHundredths,
  pointsToHundredths,
  type CreditGrade,
  type RiskLevel,
  type ExceptionTrigger,
  type SupervisionClass,
  type CompiledGrading,
  type CompiledException,
  type DeductionSlot,
} from './compile.js';
export {
  createGrader,
  gradeEnterprise,
  gradeBatch,
  type Grader,
  type GraderOptions,
  type ExplainOptions,
  type GradeEnterpriseOptions,
  type GradeSummary,
  type GradeResult,
  type GradeBatchResult,
  type GroupTotal,
  type BetterGradePath,
} from './grade.js';
export { formatCitation, formatSignedPoints, type GradeReason } from './explain.js';
