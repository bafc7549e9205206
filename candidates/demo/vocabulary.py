"""Words the demo candidates are made of: names, employers, schools, venues, awards."""

from __future__ import annotations

# (characters, pinyin)
SURNAMES: tuple[tuple[str, str], ...] = (
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"),
    ("杨", "yang"), ("黄", "huang"), ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"),
    ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"), ("胡", "hu"),
    ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"),
    ("郑", "zheng"), ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"),
    ("韩", "han"), ("冯", "feng"), ("邓", "deng"), ("曹", "cao"), ("彭", "peng"),
)  # fmt: skip
GIVEN_NAMES: tuple[tuple[str, str], ...] = (
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"),
    ("磊", "lei"), ("强", "qiang"), ("洋", "yang"), ("艳", "yan"), ("勇", "yong"),
    ("杰", "jie"), ("涛", "tao"), ("明", "ming"), ("超", "chao"), ("霞", "xia"),
    ("子轩", "zixuan"), ("浩然", "haoran"), ("雨涵", "yuhan"), ("欣怡", "xinyi"),
    ("思远", "siyuan"), ("一鸣", "yiming"), ("佳琪", "jiaqi"), ("宇航", "yuhang"),
    ("梓涵", "zihan"), ("博文", "bowen"), ("晨曦", "chenxi"), ("嘉怡", "jiayi"),
    ("志强", "zhiqiang"), ("晓东", "xiaodong"), ("文静", "wenjing"),
)  # fmt: skip
ENGLISH_NAMES = (
    "Kevin", "Alice", "David", "Grace", "Eric", "Iris", "Jason", "Vivian", "Leo", "Cindy",
    "Tony", "Helen", "Frank", "Lily", "Michael", "Sophia", "Daniel", "Emma", "Ryan", "Chloe",
)  # fmt: skip
# A few people from abroad: the drive also courts returnees and foreign researchers.
INTERNATIONAL_NAMES = (
    ("Priya", "Raman"), ("Daniel", "Kim"), ("Elena", "Petrova"), ("Tom", "Fischer"),
    ("Minh", "Nguyen"), ("Sarah", "Cohen"),
)  # fmt: skip

# Employers by specialty; "" stands for a student with no employer yet.
EMPLOYERS: dict[str, tuple[str, ...]] = {
    "nlp": ("Baidu", "ByteDance", "iFlytek", "Alibaba", "Tencent", "Zhipu AI", "Meituan"),
    "ai-models": ("ByteDance", "Moonshot AI", "MiniMax", "Baichuan AI", "Alibaba", "Baidu"),
    "deep-learning": ("Huawei", "Alibaba", "Tencent", "Meituan", "Kuaishou", "NetEase"),
    "computer-vision": ("SenseTime", "Megvii", "DJI", "Hikvision", "ByteDance", "Kuaishou"),
    "autonomous-driving": ("Pony.ai", "WeRide", "NIO", "XPeng", "Li Auto", "Baidu Apollo"),
}
STARTUPS = ("DeepLink Robotics (startup)", "Lingxi AI (startup)", "Qingyun Vision (startup)")
ABROAD = ("Google", "Microsoft Research", "Meta AI")

SCHOOLS = (
    "Tsinghua University", "Peking University", "Zhejiang University",
    "Shanghai Jiao Tong University", "University of Science and Technology of China",
    "Fudan University", "Nanjing University", "Harbin Institute of Technology",
    "Beihang University", "Sun Yat-sen University", "Wuhan University",
    "Huazhong University of Science and Technology",
)  # fmt: skip
SCHOOLS_ABROAD = ("Carnegie Mellon University", "National University of Singapore")

# Venues by specialty and tier. Top venues are the ones the top-paper rule names.
VENUES: dict[str, dict[str, tuple[str, ...]]] = {
    "nlp": {
        "top": ("ACL", "EMNLP"),
        "strong": ("NAACL", "COLING", "EACL"),
        "other": ("CCL", "Journal of Chinese Information Processing"),
    },
    "ai-models": {
        "top": ("NeurIPS", "ICML", "ICLR", "ACL"),
        "strong": ("COLING", "IJCAI"),
        "other": ("NeurIPS workshop", "arXiv preprint"),
    },
    "deep-learning": {
        "top": ("NeurIPS", "ICML", "ICLR", "AAAI"),
        "strong": ("IJCAI", "KDD"),
        "other": ("IEEE Access", "Neurocomputing"),
    },
    "computer-vision": {
        "top": ("CVPR", "ICCV", "ECCV"),
        "strong": ("BMVC", "WACV", "ACCV"),
        "other": ("Pattern Recognition Letters", "CVPR workshop"),
    },
    "autonomous-driving": {
        "top": ("CVPR", "ICCV", "ECCV"),
        "strong": ("ICRA", "IROS", "IEEE IV"),
        "other": ("IEEE Access", "ITSC"),
    },
}

TITLE_METHODS: dict[str, tuple[str, ...]] = {
    "nlp": ("Retrieval-Augmented Generation", "Instruction Tuning", "Contrastive Pre-training",
            "Chinese Word Segmentation", "Dialogue State Tracking"),
    "ai-models": ("Mixture-of-Experts Scaling", "Preference Optimisation", "KV-Cache Compression",
                  "Long-Context Attention", "Speculative Decoding"),
    "deep-learning": ("Sparse Training", "Knowledge Distillation", "Quantisation-Aware Training",
                      "Self-Supervised Learning", "Neural Architecture Search"),
    "computer-vision": ("Open-Vocabulary Detection", "Neural Radiance Fields",
                        "Video Instance Segmentation", "Masked Image Modelling",
                        "Monocular Depth Estimation"),
    "autonomous-driving": ("BEV Perception", "Trajectory Prediction", "Occupancy Networks",
                           "End-to-End Planning", "LiDAR-Camera Fusion"),
}  # fmt: skip
TITLE_TARGETS = (
    "at Scale", "for Low-Resource Settings", "on Edge Devices", "with Noisy Labels",
    "in Chinese", "Revisited", "without Human Annotation", "under Distribution Shift",
)  # fmt: skip

# (name, level, specialty it suits or None for any)
AWARDS: tuple[tuple[str, str, str | None], ...] = (
    ("ICPC World Finals medal", "international", None),
    ("Kaggle Competitions Grandmaster", "international", None),
    ("NeurIPS Competition Track winner", "international", "deep-learning"),
    ("KDD Cup top-3", "international", None),
    ("Waymo Open Dataset Challenge winner", "international", "autonomous-driving"),
    ("CVPR workshop challenge winner", "international", "computer-vision"),
    ("China Collegiate Programming Contest gold medal", "national", None),
    ("Tianchi Big Data Competition first prize", "national", None),
    ("Zhejiang Provincial Programming Contest first prize", "regional", None),
    ("Company hackathon winner", "internal", None),
)
