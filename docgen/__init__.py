"""docgen — paperwork of Shaanxi's SME characteristic industrial cluster programme (陕工信发〔2023〕89号)."""

__version__ = "0.1.0"
