import type { CategoryInput } from './rules';

type Option = [key: string, name: string];
const options = (...pairs: Option[]) => pairs.map(([key, name]) => ({ key, name }));

/**
 * The default catalogue: the ten categories of public concern Nanjing's grid robots sort requests
 * into (the brief), with deadlines to accept and to resolve, and Open311-style extra fields. Admins
 * change it through `/categories`; the local runtime seeds it on first start.
 */
export const defaultCategories: (CategoryInput & { id: string })[] = [
  {
    id: 'property',
    name: '物业服务',
    nameEn: 'Property services',
    acceptWithinHours: 4,
    resolveWithinHours: 72,
    order: 10,
    attributes: [
      {
        code: 'issue',
        label: '问题类型',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        options: options(['elevator', '电梯'], ['water_leak', '漏水'], ['parking', '停车管理'], ['greenery', '绿化'], ['fees', '物业费'], ['other', '其他']),
      },
      { code: 'building', label: '楼栋单元', datatype: 'string', required: false, order: 2 },
    ],
  },
  {
    id: 'sanitation',
    name: '环境卫生',
    nameEn: 'Environmental sanitation',
    acceptWithinHours: 2,
    resolveWithinHours: 24,
    order: 20,
    attributes: [
      {
        code: 'kind',
        label: '问题类型',
        datatype: 'singlevaluelist',
        required: false,
        order: 1,
        options: options(['garbage', '垃圾堆放'], ['sewage', '污水外溢'], ['pests', '病媒生物'], ['littering', '乱扔乱倒'], ['other', '其他']),
      },
    ],
  },
  {
    id: 'street-order',
    name: '市容秩序',
    nameEn: 'Street order (illegal parking, street vending)',
    acceptWithinHours: 2,
    resolveWithinHours: 24,
    order: 30,
    attributes: [
      {
        code: 'kind',
        label: '问题类型',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        options: options(['illegal_parking', '违章停车'], ['street_vending', '占道经营'], ['flyposting', '乱张贴'], ['other', '其他']),
      },
      { code: 'plate', label: '车牌号', datatype: 'string', required: false, order: 2 },
    ],
  },
  {
    id: 'public-security',
    name: '治安防控',
    nameEn: 'Public security',
    description: '紧急情况请直接拨打 110',
    acceptWithinHours: 1,
    resolveWithinHours: 24,
    order: 40,
    attributes: [{ code: 'ongoing', label: '是否正在发生', datatype: 'boolean', required: false, order: 1 }],
  },
  {
    id: 'disputes',
    name: '矛盾纠纷',
    nameEn: 'Neighbour disputes',
    acceptWithinHours: 4,
    resolveWithinHours: 168,
    order: 50,
    attributes: [{ code: 'parties', label: '涉及人数', datatype: 'number', required: false, order: 1 }],
  },
  {
    id: 'food-safety',
    name: '食品安全',
    nameEn: 'Food safety',
    acceptWithinHours: 4,
    resolveWithinHours: 72,
    order: 60,
    attributes: [
      { code: 'venue', label: '商户名称', datatype: 'string', required: true, order: 1 },
      { code: 'purchased_at', label: '购买时间', datatype: 'datetime', required: false, order: 2 },
    ],
  },
  {
    id: 'illegal-construction',
    name: '违章建筑',
    nameEn: 'Illegal construction',
    acceptWithinHours: 4,
    resolveWithinHours: 168,
    order: 70,
    attributes: [
      {
        code: 'stage',
        label: '建设阶段',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        options: options(['planned', '准备搭建'], ['under_construction', '正在施工'], ['completed', '已建成']),
      },
    ],
  },
  {
    id: 'facility-repair',
    name: '设施维修',
    nameEn: 'Public facility repair',
    acceptWithinHours: 4,
    resolveWithinHours: 72,
    order: 80,
    attributes: [
      {
        code: 'facility',
        label: '设施',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        options: options(['streetlight', '路灯'], ['manhole', '井盖'], ['road', '道路'], ['bench', '座椅'], ['fitness', '健身器材'], ['other', '其他']),
      },
    ],
  },
  {
    id: 'livelihood',
    name: '民生服务',
    nameEn: 'Livelihood help (elderly, disabled, assistance)',
    acceptWithinHours: 4,
    resolveWithinHours: 120,
    order: 90,
    attributes: [
      {
        code: 'who',
        label: '服务对象',
        datatype: 'multivaluelist',
        required: false,
        order: 1,
        options: options(['elderly', '老年人'], ['disabled', '残疾人'], ['children', '儿童'], ['low_income', '困难家庭']),
      },
    ],
  },
  {
    id: 'safety-hazard',
    name: '安全隐患',
    nameEn: 'Safety hazards (fire risk, basements used as dwellings)',
    acceptWithinHours: 1,
    resolveWithinHours: 24,
    order: 100,
    attributes: [
      {
        code: 'hazard',
        label: '隐患类型',
        datatype: 'singlevaluelist',
        required: true,
        order: 1,
        options: options(
          ['fire_risk', '消防隐患'],
          ['basement_dwelling', '地下室住人'],
          ['gas', '燃气'],
          ['ebike_charging', '电动车违规充电'],
          ['structural', '房屋结构'],
          ['other', '其他'],
        ),
      },
    ],
  },
];
