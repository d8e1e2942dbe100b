import DecimalJs from 'decimal.js';

/**
 * xinfeng's private decimal constructor: 40 significant digits, ROUND_HALF_UP
 * (the 四舍五入 that Chinese scoring rules state). Never mutate the global Decimal.
 */
export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** Rounding modes a rulebook may declare. */
export type RoundingMode = 'half-up' | 'half-even' | 'up' | 'down' | 'ceil' | 'floor';

const MODES: Record<RoundingMode, DecimalJs.Rounding> = {
  'half-up': DecimalJs.ROUND_HALF_UP,
  'half-even': DecimalJs.ROUND_HALF_EVEN,
  up: DecimalJs.ROUND_UP,
  down: DecimalJs.ROUND_DOWN,
  ceil: DecimalJs.ROUND_CEIL,
  floor: DecimalJs.ROUND_FLOOR,
};

/** Rounds `d` to `scale` decimal places with a declared mode. */
export function roundTo(d: Decimal, scale: number, mode: RoundingMode): Decimal {
  return d.toDecimalPlaces(scale, MODES[mode]);
}

/** The decimal.js rounding constant for a declared mode. */
export function roundingConstant(mode: RoundingMode): DecimalJs.Rounding {
  return MODES[mode];
}
