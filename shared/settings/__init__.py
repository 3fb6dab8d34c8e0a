"""One typed, frozen settings object from config/*.toml and SMARTBRANCH_* variables.

`sections` holds the models (one per part of the system), `loading` builds them from files
and the environment.
"""

from shared.settings.loading import default_config_dir, load_settings
from shared.settings.sections import (
    AnalyticsSettings,
    AppSettings,
    AuditSettings,
    AuthSettings,
    BiometricsSettings,
    CameraSettings,
    CassetteSettings,
    ConsoleSettings,
    DatabaseSettings,
    DemoSettings,
    EventSettings,
    FaceSettings,
    FraudSettings,
    InsightsSettings,
    KioskAgentSettings,
    KioskSettings,
    LedgerSettings,
    OpenBankingProvider,
    OpenBankingSettings,
    PathsSettings,
    QueueSettings,
    ServerSettings,
    Settings,
    SettingsError,
    TemplateLearningSettings,
    VoiceSettings,
)

__all__ = [
    "AnalyticsSettings", "AppSettings", "AuditSettings", "AuthSettings", "BiometricsSettings",
    "CameraSettings", "CassetteSettings", "ConsoleSettings", "DatabaseSettings", "DemoSettings",
    "EventSettings", "FaceSettings", "FraudSettings", "InsightsSettings", "KioskAgentSettings",
    "KioskSettings", "LedgerSettings", "OpenBankingProvider", "OpenBankingSettings",
    "PathsSettings", "QueueSettings", "ServerSettings", "Settings", "SettingsError",
    "TemplateLearningSettings", "VoiceSettings", "default_config_dir", "load_settings",
]
