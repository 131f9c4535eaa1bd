from .cycles import Assessment, AssessmentChange, Cycle

__all__ = ["Assessment", "AssessmentChange", "Cycle"]
