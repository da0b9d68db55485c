import type { Random } from './random';

/**
 * Names and phone numbers for made-up people and places: plausible enough to read like Nanjing's,
 * made from lists rather than taken from anyone real.
 */

/** Common surnames, the most common first and repeated, so that 王 and 李 turn up as often as they do. */
const surnames = [
  ...'王李张刘陈'.repeat(4),
  ...'杨黄赵吴周徐孙马朱胡'.repeat(2),
  ...'郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤葛',
];
const givenCharacters = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国文辉力斌鹏宇浩凯婷雪琳晶颖倩欣悦佳怡思涵梓轩子晨阳博睿雨欢俊峰波林飞鑫昊然蕾慧燕志海荣春梅'];

export function personName(random: Random): string {
  const given = random.chance(0.7) ? random.pick(givenCharacters) + random.pick(givenCharacters) : random.pick(givenCharacters);
  return random.pick(surnames) + given;
}

/** Mobile prefixes of the three carriers (all match /^1[3-9]\d{9}$/). */
const mobilePrefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157', '158', '159', '166', '177', '180', '181', '182', '185', '186', '187', '188', '189', '198', '199'];

/** Hands out mobile numbers, never the same one twice: staff are matched by phone at sign-in. */
export function phoneBook(random: Random): () => string {
  const given = new Set<string>();
  return () => {
    for (;;) {
      const phone = random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, '0');
      if (given.has(phone)) continue;
      given.add(phone);
      return phone;
    }
  };
}

/** Two characters, a first and a place word (`兰` + `园`): 72 × 20 stems, more than Nanjing has communities. */
const stemFirsts = [...'兰梅桂松竹菊荷柳杏桃樱枫翠金银玉华新安康宁和泰福瑞秀清明月星晨阳春秋锦绣龙凤鹤燕雁鹿云霞虹彩青紫丹碧朝德仁义乐善顺兴盛丰富昌隆祥宏远嘉怡悦文景'];
const stemPlaces = [...'园苑里村坊桥湾塘岗门巷庄洲山林城府庭港岭'];

/** Every community stem once, in a random order: take as many as there are communities, none twice. */
export function communityStems(random: Random): string[] {
  return random.shuffled(stemFirsts.flatMap((first) => stemPlaces.map((place) => first + place)));
}

const roadKinds = ['路', '路', '路', '街', '大街', '巷'];

/** A street address near a community: its stem names the road (`兰园路18号`), as Nanjing's often do. */
export function addressIn(district: string, subdistrict: string, stem: string, random: Random): string {
  return `南京市${district}${subdistrict}街道${stem}${random.pick(roadKinds)}${random.int(1, 299)}号`;
}

const brandWords = ['宏达', '华瑞', '恒信', '远航', '博源', '金桥', '鼎盛', '天成', '嘉禾', '瑞丰', '新宇', '汇通', '同创', '中恒', '明德', '长江', '紫金', '秦淮', '钟山', '石城', '苏源', '江南', '诚信', '永安', '聚力', '众合'];
const industries = ['科技', '电子科技', '电器', '建设工程', '物业管理', '商贸', '餐饮管理', '医药', '环保科技', '信息技术', '物流', '置业'];
const institutions = ['图书馆', '文化馆', '人民医院', '中医院', '疾病预防控制中心', '妇幼保健院', '青少年活动中心', '体育中心', '供水服务中心'];
const socialKinds = ['志愿服务协会', '慈善协会', '社会工作服务中心', '公益发展中心', '邻里互助会', '红十字会'];
const otherKinds = ['商会', '业主委员会', '校友会', '商户联合会'];

export type DonorKind = 'enterprise' | 'public_institution' | 'social_organisation' | 'individual' | 'other';

/** A donor's name as its kind would be called: a company, a district's institution, a person… */
export function donorName(kind: DonorKind, district: string, random: Random): string {
  switch (kind) {
    case 'enterprise':
      return `南京${random.pick(brandWords)}${random.pick(industries)}有限公司`;
    case 'public_institution':
      return `${district}${random.pick(institutions)}`;
    case 'social_organisation':
      return `${random.chance(0.5) ? district : '南京市'}${random.pick(brandWords)}${random.pick(socialKinds)}`;
    case 'individual':
      return personName(random);
    case 'other':
      return `${district}${random.pick(brandWords)}${random.pick(otherKinds)}`;
  }
}
