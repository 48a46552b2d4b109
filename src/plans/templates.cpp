#include "plans/templates.h"

namespace lakeguard::plans {
namespace {

// 防汛防台: the response levels follow the CMA rainstorm warning signals of 2007
// (气象灾害预警信号, standards.md §7, type 02 暴雨: 蓝 12 h ≥ 50 mm, 黄 6 h ≥ 50 mm, 橙 3 h ≥ 50
// mm, 红 3 h ≥ 100 mm; 蓝 = Ⅳ … 红 = Ⅰ) and the typhoon signal (type 01: 蓝 6级, 黄 8级, 橙 10级,
// 红 12级 average wind). The teams and kit (综合性应急救援队伍 ≥ 25 people per town, 抢险小分队
// ≥ 10 per village/community, 三大件 and 四小件) are the West Lake 十四五 plan's (shared/seed,
// "镇街防汛防台体系建设"). Zhejiang's or Hangzhou's own criteria may differ (standards.md §7):
// a district replaces the thresholds with its own.
constexpr std::string_view kFlood = R"json({
  "title": "防汛防台应急预案（模板）",
  "type": "自然灾害",
  "sub_type": "防汛防台",
  "level": "district",
  "owner_unit": "区防汛防台抗旱指挥部办公室（区应急管理局）",
  "keywords": ["暴雨", "台风", "洪涝", "山洪", "积水"],
  "summary": "暴雨、台风及其引发的洪涝、山洪的预防和应急处置。响应级别按气象部门暴雨、台风预警信号确定，地方标准不同时请替换阈值。",
  "content": {
    "organisation": [
      {"role": "总指挥", "units": ["区人民政府分管副区长"]},
      {"role": "指挥部办公室", "units": ["区应急管理局"]},
      {"role": "抢险救援组", "units": ["区消防救援大队", "区综合性应急救援队伍"]},
      {"role": "转移安置组", "units": ["属地镇街", "区民政局"]},
      {"role": "监测预警组", "units": ["区气象局", "区农业农村局（水利）"]}
    ],
    "levels": [
      {"level": 1, "trigger_mode": "any",
       "triggers": [
         {"indicator": "rain_3h_mm", "comparator": ">=", "threshold": 100, "unit": "mm"},
         {"indicator": "wind_force", "comparator": ">=", "threshold": 12, "unit": "级"}],
       "basis": "暴雨红色预警信号：3小时内降雨量将达100毫米以上；台风红色预警信号：平均风力12级以上（气象灾害预警信号 2007，standards.md §7）",
       "tasks": [
         {"title": "启动Ⅰ级应急响应，指挥部全体成员到岗", "responsible_role": "总指挥", "deadline_offset_min": 30, "checklist": ["发布响应启动令", "指挥部成员签到"]},
         {"title": "组织危险区域人员全部转移", "responsible_role": "转移安置组", "deadline_offset_min": 120, "checklist": ["山洪、地质灾害隐患点人员清零", "避灾安置场所开放", "转移人数逐级上报"]},
         {"title": "抢险救援队伍前置待命", "responsible_role": "抢险救援组", "deadline_offset_min": 60, "checklist": ["镇街综合性应急救援队伍（不少于25人）到位", "排水泵、应急发电机、卫星电话（三大件）到位"]}
       ]},
      {"level": 2, "trigger_mode": "any",
       "triggers": [
         {"indicator": "rain_3h_mm", "comparator": ">=", "threshold": 50, "unit": "mm"},
         {"indicator": "wind_force", "comparator": ">=", "threshold": 10, "unit": "级"}],
       "basis": "暴雨橙色预警信号：3小时内降雨量将达50毫米以上；台风橙色预警信号：平均风力10级以上（standards.md §7）",
       "tasks": [
         {"title": "启动Ⅱ级应急响应，会商研判", "responsible_role": "指挥部办公室", "deadline_offset_min": 60, "checklist": ["召开会商会", "24小时领导带班"]},
         {"title": "转移低洼、山洪危险区人员", "responsible_role": "转移安置组", "deadline_offset_min": 180, "checklist": ["村（社区）抢险小分队（不少于10人）到岗", "责任人头盔、电筒、雨具、救生衣（四小件）配齐"]}
       ]},
      {"level": 3, "trigger_mode": "any",
       "triggers": [
         {"indicator": "rain_6h_mm", "comparator": ">=", "threshold": 50, "unit": "mm"},
         {"indicator": "wind_force", "comparator": ">=", "threshold": 8, "unit": "级"}],
       "basis": "暴雨黄色预警信号：6小时内降雨量将达50毫米以上；台风黄色预警信号：平均风力8级以上（standards.md §7）",
       "tasks": [
         {"title": "启动Ⅲ级应急响应，加强巡查", "responsible_role": "监测预警组", "deadline_offset_min": 120, "checklist": ["隐患点、易积水点巡查", "预警信息发布到村社"]}
       ]},
      {"level": 4, "trigger_mode": "any",
       "triggers": [
         {"indicator": "rain_12h_mm", "comparator": ">=", "threshold": 50, "unit": "mm"},
         {"indicator": "wind_force", "comparator": ">=", "threshold": 6, "unit": "级"}],
       "basis": "暴雨蓝色预警信号：12小时内降雨量将达50毫米以上；台风蓝色预警信号：平均风力6级以上（standards.md §7）",
       "tasks": [
         {"title": "启动Ⅳ级应急响应，值班值守", "responsible_role": "指挥部办公室", "deadline_offset_min": 240, "checklist": ["加强值班", "关注气象预报"]}
       ]}
    ]
  }
})json";

// 危化品事故: the levels line up with the accident grades of 《生产安全事故报告和调查处理条例》
// (国务院令第493号) 第三条 (standards.md §5: 特别重大 ≥ 30 deaths or ≥ 100 serious injuries
// incl. acute poisoning or ≥ 1亿元; 重大 10 / 50 / 5000万元; 较大 3 / 10 / 1000万元). Pairing
// Ⅰ ↔ 特别重大 … Ⅳ ↔ 一般 is common practice in plans, not law (standards.md §6): a district
// configures its own triggers from its 专项预案. Ⅳ级 is reached by any leak, fire or explosion.
constexpr std::string_view kHazchem = R"json({
  "title": "危险化学品事故应急预案（模板）",
  "type": "事故灾难",
  "sub_type": "危化品",
  "level": "district",
  "owner_unit": "区应急管理局",
  "keywords": ["危化品", "泄漏", "爆炸", "火灾", "中毒"],
  "summary": "危险化学品生产、储存、使用、经营、运输中发生的泄漏、火灾、爆炸、中毒事故的应急处置。响应分级对应《生产安全事故报告和调查处理条例》第三条事故等级（惯例，非法定对应）。",
  "content": {
    "organisation": [
      {"role": "总指挥", "units": ["区人民政府分管副区长"]},
      {"role": "现场指挥部", "units": ["区应急管理局"]},
      {"role": "抢险救援组", "units": ["区消防救援大队", "事故企业应急队伍"]},
      {"role": "环境监测组", "units": ["市生态环境局西湖分局"]},
      {"role": "医疗救护组", "units": ["区卫生健康局"]},
      {"role": "警戒疏散组", "units": ["公安西湖分局", "属地镇街"]}
    ],
    "levels": [
      {"level": 1, "trigger_mode": "any",
       "triggers": [
         {"indicator": "deaths", "comparator": ">=", "threshold": 30, "unit": "人"},
         {"indicator": "serious_injuries", "comparator": ">=", "threshold": 100, "unit": "人"},
         {"indicator": "loss_10k_yuan", "comparator": ">=", "threshold": 10000, "unit": "万元"}],
       "basis": "特别重大事故：30人以上死亡，或者100人以上重伤（包括急性工业中毒），或者1亿元以上直接经济损失（国务院令第493号 第三条）",
       "tasks": [
         {"title": "报告区政府并请求市级支援", "responsible_role": "总指挥", "deadline_offset_min": 30, "checklist": ["电话报告", "书面报告"]},
         {"title": "划定警戒区并疏散群众", "responsible_role": "警戒疏散组", "deadline_offset_min": 60, "checklist": ["设置警戒线", "疏散下风向群众"]}
       ]},
      {"level": 2, "trigger_mode": "any",
       "triggers": [
         {"indicator": "deaths", "comparator": ">=", "threshold": 10, "unit": "人"},
         {"indicator": "serious_injuries", "comparator": ">=", "threshold": 50, "unit": "人"},
         {"indicator": "loss_10k_yuan", "comparator": ">=", "threshold": 5000, "unit": "万元"}],
       "basis": "重大事故：10人以上30人以下死亡，或者50人以上100人以下重伤，或者5000万元以上1亿元以下直接经济损失（国务院令第493号 第三条）",
       "tasks": [
         {"title": "成立现场指挥部", "responsible_role": "现场指挥部", "deadline_offset_min": 60, "checklist": ["确定指挥长", "通知成员单位"]},
         {"title": "开展环境应急监测", "responsible_role": "环境监测组", "deadline_offset_min": 90, "checklist": ["布设监测点", "每小时报送监测数据"]}
       ]},
      {"level": 3, "trigger_mode": "any",
       "triggers": [
         {"indicator": "deaths", "comparator": ">=", "threshold": 3, "unit": "人"},
         {"indicator": "serious_injuries", "comparator": ">=", "threshold": 10, "unit": "人"},
         {"indicator": "loss_10k_yuan", "comparator": ">=", "threshold": 1000, "unit": "万元"}],
       "basis": "较大事故：3人以上10人以下死亡，或者10人以上50人以下重伤，或者1000万元以上5000万元以下直接经济损失（国务院令第493号 第三条）",
       "tasks": [
         {"title": "组织伤员救治", "responsible_role": "医疗救护组", "deadline_offset_min": 60, "checklist": ["联系定点医院", "统计伤亡人数"]}
       ]},
      {"level": 4, "trigger_mode": "any",
       "triggers": [
         {"indicator": "keyword", "comparator": "has", "keyword": "泄漏"},
         {"indicator": "keyword", "comparator": "has", "keyword": "火灾"},
         {"indicator": "keyword", "comparator": "has", "keyword": "爆炸"},
         {"indicator": "deaths", "comparator": ">=", "threshold": 1, "unit": "人"}],
       "basis": "一般事故及未造成伤亡的泄漏、火灾、爆炸（国务院令第493号 第三条：3人以下死亡）",
       "tasks": [
         {"title": "企业先期处置并报告", "responsible_role": "抢险救援组", "deadline_offset_min": 30, "checklist": ["切断泄漏源", "报告属地镇街和区应急管理局"]}
       ]}
    ]
  }
})json";

constexpr PlanTemplate kTemplates[] = {{"flood_typhoon", kFlood}, {"hazchem", kHazchem}};

}  // namespace

std::span<const PlanTemplate> plan_templates() { return kTemplates; }

}  // namespace lakeguard::plans
