"""What became of an imported file, in Chinese: `registry import`'s lines and the portal's cluster page.
No imports: `docgen registry --help` reads these without loading SQLAlchemy."""

STATUS_LABELS = {"accepted": "已登记", "rejected": "不合格（已记录问题）", "unmatched": "未匹配到集群",
                 "ambiguous": "匹配到多个集群", "unattached": "已记录（名录中暂无该集群）"}
ACTION_LABELS = {"added": "新增", "duplicate": "已导入过", "attached": "补登记", "skipped": "未记录"}
