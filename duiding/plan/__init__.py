"""Plan van aanpak: intervention catalogue, suggestions, assembly in its sections,
completeness check, monitoring, and the Word/Markdown report. No Streamlit here.

Modules: ``catalogue`` (data/interventies.csv), ``suggest`` (suggest_interventions, adopt),
``assemble`` (assemble_plan), ``completeness`` (check_plan), ``monitoring``, ``editing`` (page edits),
``figures`` (charts, network picture), ``report`` (to_markdown, to_docx, export_plan), ``cli``.
"""
