"""HEALTH_INFO: a person's diagnoses, illnesses, mental-health records and disability.

Health and disability are sensitive personal information (个人信息保护法 第二十八条): a
资助公示 must not say which student has leukaemia or a 二级 disability, and a
discipline notice must not mention a student's depression. Taken in three forms:

- **labelled field**: 残疾类别/残疾类型/残疾等级/残疾程度/健康状况/身体状况/病史/疾病名称/
  诊断结果/病种 + colon + a value (健康状况：良好, 残疾类别：无 are nothing to report); and a
  残疾证号 label before a number — the number is another detector's, the fact of a
  disability certificate is this one's (the label is the span).
- **a disability class**: 视力/听力/言语/肢体/智力/精神/多重残疾, with a grade (一级…四级).
- **a term in prose**: 患有/确诊/诊断为/查出… + an illness, named conditions (抑郁症, 焦虑症,
  自闭症/孤独症, 多动症, 癫痫, 白血病, …癌, 肿瘤, 先天性心脏病, 精神疾病, 心理疾病, 心理问题,
  心理咨询记录, 重大疾病, 大病, …), …病史, 住院治疗. These need a person in the sentence or row
  (``needs_person``): the same words fill policy text.

Policy phrases are refused by the pattern (心理健康教育 has no term; 心理问题 after 学生,
重大疾病保险, 大病救助, 肿瘤医院, 癫痫防治, 视力残疾学生 are no person's) and by
`is_group_statement` (全市共有…, 给予…, 各类…).

>>> [m.group("value") for m in PATTERN.finditer("该生患有先天性心脏病，家庭困难。")]
['先天性心脏病']
>>> [m.group("value") for m in PATTERN.finditer("加强学生心理健康教育，及时干预学生心理问题。")]
[]
>>> [m.group("value") for m in PATTERN.finditer("残疾类别：视力残疾 残疾等级：二级")]
['视力残疾', '二级']
"""

from __future__ import annotations

from recognizers._base import ChineseRecognizer, Detection, compile_pattern
from recognizers._personal import (
    LABEL_COLON,
    SCORE_LABELLED,
    any_of,
    either_script,
    field_detection,
    first_chars,
    term_detection,
)

FIELD_LABELS = (
    "残疾类别", "残疾类型", "残疾等级", "残疾级别", "残疾程度", "残疾情况", "健康状况", "身体状况", "身体健康状况",
    "病史", "既往病史", "疾病名称", "疾病情况", "诊断结果", "诊断", "患病情况", "病种", "病情", "所患疾病",
)
# A field value that says "healthy" or "nothing".
HEALTHY_VALUES = frozenset(["健康", "良好", "正常", "一般", "较好", "較好", "好", "健全", "无疾病", "無疾病", "身体健康", "身體健康", "无残疾", "無殘疾"])
CONDITIONS = (
    "抑郁症", "抑郁障碍", "重度抑郁", "焦虑症", "焦虑障碍", "自闭症", "孤独症", "孤独症谱系障碍", "多动症", "注意缺陷多动障碍",
    "癫痫", "白血病", "先天性心脏病", "精神疾病", "精神病", "精神障碍", "心理疾病", "心理障碍", "心理问题", "心理咨询记录",
    "精神分裂症", "双相情感障碍", "强迫症", "脑瘫", "脑性瘫痪", "尿毒症", "血友病", "地中海贫血", "唐氏综合征", "肾衰竭",
    "红斑狼疮", "艾滋病", "肺结核", "结核病", "恶性肿瘤", "肿瘤", "癌症", "重大疾病", "大病", "重病", "住院治疗",
    "肺癌", "胃癌", "肝癌", "肠癌", "直肠癌", "结肠癌", "乳腺癌", "宫颈癌", "食管癌", "鼻咽癌", "甲状腺癌", "骨癌", "血癌", "淋巴瘤",
)
DISABILITY_KINDS = ("视力", "听力", "言语", "语言", "肢体", "智力", "精神", "多重")
DIAGNOSIS_VERBS = ("患有", "患上", "罹患", "身患", "确诊为", "确诊患有", "诊断为", "诊断出", "被诊断为", "经诊断为", "查出", "检查出", "查出患有")
# What an illness named after a verb ends with.
_ILLNESS_END = any_of(("症", "病", "癌", "瘤", "炎", "综合征", "障碍", "残疾", "疾病", "损伤", "骨折", "结核", "狼疮", "贫血", "衰竭"))

# After a term: it names a programme, a place, a group or a field, not a person's condition.
_NOT_PERSONAL_AFTER = "(?!" + any_of((
    "防治", "预防", "筛查", "普查", "防控", "医院", "科", "专科", "中心", "研究", "知识", "宣传", "教育", "日", "周",
    "保险", "医保", "救助", "基金", "药", "疫苗", "患者", "患儿", "病人", "儿童", "学生", "群体", "人群", "家庭", "工作",
    "项目", "服务", "康复", "机构", "专项", "报销", "费用", "医疗", "保障", "病例", "人", "少年", "青少年", "幼儿", "考生",
    "人士", "院", "们", "的学生", "的儿童", "的幼儿", "的人员", "的群体", "的家庭", "的患者", "的师生", "类别", "类型", "等级",
)) + ")"
# Before a term: a group or a programme owns it (学生心理问题, 预防癫痫).
_NOT_PERSONAL_BEFORE = "(?<!" + "|".join(either_script(w) for w in (
    "预防", "防治", "关注", "关爱", "筛查", "各类", "常见", "学生", "青少年", "儿童", "重视", "防范", "识别", "干预", "疏导",
    "应对", "缓解", "化解", "排查", "非", "无",
)) + ")"
_GRADE = r"(?:[一二三四1-4][级級]|[一二三四]等)"  # adjacent: 二级 in the next cell is the next cell's

CERTIFICATE_LABELS = ("残疾证号码", "残疾证号", "残疾人证号码", "残疾人证号", "残疾证编号")
HISTORY_OPENERS = ("有过", "有", "既往")
_GUARD = "(?=" + first_chars(FIELD_LABELS, CERTIFICATE_LABELS, DISABILITY_KINDS, DIAGNOSIS_VERBS, CONDITIONS, HISTORY_OPENERS) + ")"

PATTERN = compile_pattern(
    _GUARD + r"(?:(?P<label>" + any_of(FIELD_LABELS) + ")" + LABEL_COLON + r"(?P<value>[^\s,，。；;:：、]{1,20})"
    + r"|(?P<value>(?P<certificate>" + any_of(CERTIFICATE_LABELS) + "))"
    + r"(?=" + LABEL_COLON + r"?\d{6})"
    + r"|(?P<value>(?P<disability>" + any_of(DISABILITY_KINDS) + either_script("残疾") + ")" + _GRADE + "?)" + _NOT_PERSONAL_AFTER
    + r"|" + any_of(DIAGNOSIS_VERBS) + r"(?P<value>\p{Han}{1,12}?" + _ILLNESS_END + ")" + _NOT_PERSONAL_AFTER
    + r"|" + _NOT_PERSONAL_BEFORE + r"(?P<value>(?P<condition>" + any_of(CONDITIONS) + "))"
    + _NOT_PERSONAL_AFTER
    + r"|" + any_of(HISTORY_OPENERS) + r"(?P<value>\p{Han}{1,6}?" + either_script("病史") + "))"
)



class HealthInfoRecognizer(ChineseRecognizer):
    ENTITIES = ("HEALTH_INFO",)
    PATTERN = PATTERN
    TRIGGER = (
        r"患|[确確][诊診]|[诊診][断斷]|查出|[血臟脏滋核神大重友]病|病[史种種情]|疾病|症|抑[郁鬱]|[癫癲]|癌|瘤|[瘫癱]|[贫貧]血|"
        r"[综綜]合[征徵]|衰竭|狼[疮瘡]|[结結]核|[残殘]疾|心理[疾问問障咨諮]|住院|健康[状狀]|身[体體][状狀]|障[碍礙]"
    )
    CONTEXT = ("残疾类别", "残疾等级", "残疾", "健康状况", "病史", "疾病")
    NEGATIVE_CONTEXT = ("心理健康教育", "疾病预防", "残疾人事业", "残疾人联合会")

    def detect(self, match, text):
        value = match.group("value")
        if match.group("label"):
            return field_detection(match.group("label"), value, HEALTHY_VALUES)
        if match.group("certificate"):
            return Detection(SCORE_LABELLED, {"labelled": True, "label": value})
        term = match.group("disability") or match.group("condition") or value
        return term_detection(text, match.start(), match.end(), term)
