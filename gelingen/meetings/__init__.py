"""Bodies, meetings and decisions, shared by every app that runs bodies (quality circles, networks).

The app has no tables of its own: an app subclasses the abstract models in `models.py` and adds its
foreign keys (organisation, the meeting's body, ...), so its tables stay where they are. Shared logic:
- `rhythm`: meeting interval, the next date after a meeting, the hint about the recommended interval;
- `attendance`: who of the members came, who did not, guests; how often each member attended;
- `numbering`: decision numbers per body and year ("2026/3");
- template `meetings/_attendance.html`: the attendance block of the minutes.
"""
