import type { Box } from './geometry';

/**
 * What the generator builds at each scale: Nanjing's eleven districts and 江北新区, each a box over
 * roughly where it lies (boxes touch or keep apart, never overlap, all inside the service area's
 * 31.18–32.67° N, 118.31–119.29° E), with its real subdistricts (街道, some of them towns in
 * reality) and a share of the city's communities by population.
 */
export interface DistrictPlan {
  /** The district's part of every id under it: `nj-qh`, `nj-qh-s03`… */
  code: string;
  name: string;
  box: Box;
  subdistricts: readonly string[];
  communities: number;
  /**
   * How wide a grid is meant to be: about 300 m in the old city, wider in the suburbs, where the
   * same 300–500 households are spread thinner.
   */
  gridEdgeMetres: number;
}

const box = (west: number, south: number, east: number, north: number): Box => ({ west, south, east, north });

export const nanjingDistricts: readonly DistrictPlan[] = [
  { code: 'xw', name: '玄武区', box: box(118.79, 32.03, 118.9, 32.11), communities: 60, gridEdgeMetres: 320, subdistricts: ['梅园新村', '新街口', '玄武门', '锁金村', '红山', '孝陵卫', '玄武湖'] },
  {
    code: 'qh',
    name: '秦淮区',
    box: box(118.76, 31.97, 118.86, 32.03),
    communities: 100,
    gridEdgeMetres: 300,
    subdistricts: ['秦虹', '夫子庙', '双塘', '中华门', '五老村', '洪武路', '大光路', '瑞金路', '月牙湖', '光华路', '朝天宫', '红花'],
  },
  { code: 'jy', name: '建邺区', box: box(118.66, 31.96, 118.76, 32.05), communities: 70, gridEdgeMetres: 340, subdistricts: ['南苑', '兴隆', '莫愁湖', '沙洲', '双闸', '江心洲'] },
  {
    code: 'gl',
    name: '鼓楼区',
    box: box(118.7, 32.05, 118.79, 32.13),
    communities: 125,
    gridEdgeMetres: 300,
    subdistricts: ['华侨路', '湖南路', '中央门', '挹江门', '江东', '凤凰', '阅江楼', '热河南路', '幕府山', '建宁路', '宝塔桥', '小市', '宁海路'],
  },
  { code: 'pk', name: '浦口区', box: box(118.35, 31.93, 118.58, 32.25), communities: 80, gridEdgeMetres: 480, subdistricts: ['江浦', '桥林', '汤泉', '永宁', '星甸', '石桥', '乌江'] },
  {
    code: 'qx',
    name: '栖霞区',
    box: box(118.9, 32.03, 119.22, 32.26),
    communities: 120,
    gridEdgeMetres: 420,
    subdistricts: ['尧化', '马群', '迈皋桥', '燕子矶', '栖霞', '龙潭', '仙林', '西岗', '八卦洲'],
  },
  { code: 'yht', name: '雨花台区', box: box(118.66, 31.9, 118.86, 31.96), communities: 60, gridEdgeMetres: 380, subdistricts: ['雨花', '赛虹桥', '西善桥', '板桥', '铁心桥', '梅山'] },
  {
    code: 'jn',
    name: '江宁区',
    box: box(118.55, 31.62, 119.05, 31.9),
    communities: 200,
    gridEdgeMetres: 450,
    subdistricts: ['东山', '秣陵', '汤山', '淳化', '禄口', '江宁', '谷里', '湖熟', '横溪', '麒麟'],
  },
  { code: 'lh', name: '六合区', box: box(118.6, 32.3, 119.05, 32.6), communities: 115, gridEdgeMetres: 520, subdistricts: ['雄州', '龙池', '程桥', '金牛湖', '横梁', '龙袍', '马鞍', '冶山'] },
  { code: 'ls', name: '溧水区', box: box(118.9, 31.45, 119.2, 31.62), communities: 90, gridEdgeMetres: 520, subdistricts: ['永阳', '柘塘', '东屏', '石湫', '洪蓝', '白马', '晶桥', '和凤'] },
  { code: 'gc', name: '高淳区', box: box(118.75, 31.22, 119.2, 31.45), communities: 80, gridEdgeMetres: 520, subdistricts: ['淳溪', '古柏', '漆桥', '固城', '东坝', '阳江', '砖墙', '桠溪'] },
  { code: 'jb', name: '江北新区', box: box(118.58, 32.13, 118.8, 32.3), communities: 100, gridEdgeMetres: 400, subdistricts: ['泰山', '顶山', '沿江', '盘城', '大厂', '葛塘', '长芦'] },
];

export interface ScalePlan {
  districts: readonly DistrictPlan[];
  /** Exact, however the grids fall among communities. */
  grids: number;
  /** Grids that have a second grid worker. */
  gridsWithTwoWorkers: number;
  stations: number;
  donors: number;
}

/** Nanjing's own figures: 10,198 grids, 11,220 grid workers (a second one in 1,022 grids). */
const NANJING_GRIDS = 10_198;
const NANJING_SECOND_WORKERS = 1_022;
const NANJING_COMMUNITIES = nanjingDistricts.reduce((sum, district) => sum + district.communities, 0);
const NANJING_STATIONS = 1_000;

/** A smaller city at Nanjing's density: grids, second workers and stations in proportion to its communities. */
function atNanjingDensity(districts: readonly DistrictPlan[], donors: number): ScalePlan {
  const communities = districts.reduce((sum, district) => sum + district.communities, 0);
  const share = (figure: number) => Math.max(1, Math.round((figure * communities) / NANJING_COMMUNITIES));
  return { districts, grids: share(NANJING_GRIDS), gridsWithTwoWorkers: share(NANJING_SECOND_WORKERS), stations: share(NANJING_STATIONS), donors };
}

const qinhuai = nanjingDistricts.find((district) => district.code === 'qh')!;
const xuanwu = nanjingDistricts.find((district) => district.code === 'xw')!;

export const scalePlans = {
  nanjing: { districts: nanjingDistricts, grids: NANJING_GRIDS, gridsWithTwoWorkers: NANJING_SECOND_WORKERS, stations: NANJING_STATIONS, donors: 300 },
  /** 秦淮区: its 100 communities are the city's average district. */
  district: atNanjingDensity([qinhuai], 30),
  /**
   * One subdistrict of 玄武区 with three communities, in a patch of a few km around 梅园新村 rather
   * than the whole district's box: small enough to look at whole, on a map or in a test.
   */
  demo: {
    districts: [{ ...xuanwu, box: box(118.795, 32.035, 118.825, 32.055), subdistricts: xuanwu.subdistricts.slice(0, 1), communities: 3 }],
    grids: 7,
    gridsWithTwoWorkers: 1,
    stations: 2,
    donors: 3,
  },
} satisfies Record<string, ScalePlan>;
