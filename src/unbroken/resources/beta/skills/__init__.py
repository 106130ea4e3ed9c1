from .skills import AsyncSkills, Skills
from .versions import AsyncVersions, Versions

__all__ = ["AsyncSkills", "AsyncVersions", "Skills", "Versions"]
