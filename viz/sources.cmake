target_sources(liaison_lib PRIVATE
    viz/report.c
    viz/impact.c
    viz/findings_csv.c
    viz/summary.c
    viz/privacy.c
    viz/privacy_anon.c
    viz/compare.c
    viz/dot.c
    viz/outputs.c
    viz/dot_report.c
    viz/dot_graph.c
    viz/dot_teams.c
    viz/dot_proposal.c
)
