"""Network analysis of a case: measures, subgroups, hierarchy, role suggestions with reasons,
robustness, layers, what-if, change over time and a Dutch narrative. No Streamlit here.

>>> from duiding.sample import load_sample_case
>>> a = analyse(load_sample_case())
>>> a.member("m11").suggested_role
'broker'
"""

from duiding.analysis.facade import Analysis, AnalysisOptions, MemberResult, analyse, to_dict, to_json
from duiding.analysis.graph import ALL_LAYERS, COHESION_LAYERS, build_graph, directed_graph
from duiding.analysis.measures import MEASURES
from duiding.analysis.roles import ROLE_RULES, ROLES

__all__ = [
    "ALL_LAYERS",
    "COHESION_LAYERS",
    "MEASURES",
    "ROLES",
    "ROLE_RULES",
    "Analysis",
    "AnalysisOptions",
    "MemberResult",
    "analyse",
    "build_graph",
    "directed_graph",
    "to_dict",
    "to_json",
]
