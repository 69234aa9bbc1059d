/**
 * simulator/vocabulary
 *
 * The words the demo world is made of: the three pilot cities and their districts,
 * name parts, land uses, banks and issuing authorities.
 */

export const CITIES = [
  { code: '340100', name: '合肥', counties: ['340102', '340103', '340104', '340111', '340121', '340122', '340123', '340124'] },
  { code: '340200', name: '芜湖', counties: ['340202', '340207', '340209', '340210', '340212'] },
  { code: '341100', name: '滁州', counties: ['341102', '341103', '341122', '341124', '341125', '341126', '341181', '341182'] },
] as const;

export const NAME_WORDS = [
  '恒达', '华信', '明源', '科润', '新航', '瑞丰', '中联', '金桥', '汇通', '天宇', '安泰', '鼎盛', '长江', '皖能', '巢湖',
  '庐州', '徽商', '江淮', '淮海', '青阳', '绿源', '博远', '开元', '宏图', '正泰', '广德', '润华', '星辰', '东方', '聚力',
];
export const INDUSTRIES = [
  { code: 'C3130', word: '新材料科技', suffix: '有限公司' },
  { code: 'C3911', word: '电子科技', suffix: '有限公司' },
  { code: 'C3670', word: '汽车零部件', suffix: '有限公司' },
  { code: 'F5191', word: '贸易', suffix: '有限公司' },
  { code: 'E4790', word: '建设工程', suffix: '有限公司' },
  { code: 'H6210', word: '餐饮管理', suffix: '有限公司' },
  { code: 'I6510', word: '软件技术', suffix: '股份有限公司' },
  { code: 'C1469', word: '食品', suffix: '有限公司' },
] as const;
export const ENTITY_TYPES = ['有限责任公司(自然人投资或控股)', '有限责任公司(国有独资)', '股份有限公司(非上市)', '有限责任公司(外商投资)'];
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '涛', '明', '超', '秀英', '建国', '海燕', '志强', '晓东', '雪'];
export const STREETS = ['长江西路', '黄山路', '望江东路', '繁华大道', '中山北路', '北京中路', '琅琊大道', '丰乐大道', '天门山路', '花园路'];
export const LAND_USES = [
  ['0601', '工业用地'],
  ['0508', '物流仓储用地'],
  ['0501', '零售商业用地'],
  ['0701', '城镇住宅用地'],
  ['0602', '采矿用地'],
] as const;
export const BANKS = ['中国工商银行合肥分行', '中国建设银行安徽省分行', '徽商银行', '合肥科技农村商业银行', '中国农业银行芜湖分行', '滁州皖东农村商业银行'];
export const TAX_ITEMS = ['增值税', '企业所得税', '城市维护建设税', '印花税', '房产税', '城镇土地使用税'];
export const PENALTY_CATEGORIES = ['罚款', '警告', '没收违法所得', '责令停产停业'];
export const COURTS = { '340100': '合肥市中级人民法院', '340200': '芜湖市中级人民法院', '341100': '滁州市中级人民法院' } as const;
