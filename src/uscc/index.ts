/** 统一社会信用代码 (unified social credit code, GB 32100-2015): normalisation, validation, decoding, generation. */
export {
  type UsccParts,
  type UsccParseResult,
  type ParseUsccOptions,
  normalizeUscc,
  parseUscc,
  isValidUscc,
  usccCheckCharacter,
  orgCodeCheckCharacter,
  makeUscc,
} from './uscc.js';
export { USCC_CHARSET, USCC_REGISTRATION_DEPARTMENTS, USCC_CATEGORIES } from './tables.js';
