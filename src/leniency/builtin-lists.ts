// Maintained index of data/leniency/*.json: static imports so the bundle carries every list.
// Adding a list = adding its JSON file and one line here (test/leniency/lists.test.ts checks both agree).
import L_cn_statute_special from '../../data/leniency/cn-statute-special.json';
import L_cult_tj_2021 from '../../data/leniency/cult-tj-2021.json';
import L_hz_noforce_1 from '../../data/leniency/hz-noforce-1.json';
import L_samr_2025_10_fv from '../../data/leniency/samr-2025-10-fv.json';
import L_samr_2025_10_mn from '../../data/leniency/samr-2025-10-mn.json';
import L_sh_cg_2020 from '../../data/leniency/sh-cg-2020.json';
import L_sh_eco_2020 from '../../data/leniency/sh-eco-2020.json';
import L_sh_fire_2022 from '../../data/leniency/sh-fire-2022.json';
import L_sh_mkt_2021_2 from '../../data/leniency/sh-mkt-2021-2.json';
import L_sh_sj_2019_1 from '../../data/leniency/sh-sj-2019-1.json';
import L_sta_2021_33 from '../../data/leniency/sta-2021-33.json';
import L_sta_2021_6 from '../../data/leniency/sta-2021-6.json';
import L_yrd_noforce_2024 from '../../data/leniency/yrd-noforce-2024.json';

/**
 * The bundled list files by file name.
 * @example
 * ```ts
 * Object.keys(BUILTIN_LIST_JSON); // ['cn-statute-special.json', …]
 * ```
 */
export const BUILTIN_LIST_JSON: Readonly<Record<string, unknown>> = {
  'cn-statute-special.json': L_cn_statute_special,
  'cult-tj-2021.json': L_cult_tj_2021,
  'hz-noforce-1.json': L_hz_noforce_1,
  'samr-2025-10-fv.json': L_samr_2025_10_fv,
  'samr-2025-10-mn.json': L_samr_2025_10_mn,
  'sh-cg-2020.json': L_sh_cg_2020,
  'sh-eco-2020.json': L_sh_eco_2020,
  'sh-fire-2022.json': L_sh_fire_2022,
  'sh-mkt-2021-2.json': L_sh_mkt_2021_2,
  'sh-sj-2019-1.json': L_sh_sj_2019_1,
  'sta-2021-33.json': L_sta_2021_33,
  'sta-2021-6.json': L_sta_2021_6,
  'yrd-noforce-2024.json': L_yrd_noforce_2024,
};
