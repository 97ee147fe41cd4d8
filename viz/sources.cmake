target_sources(liaison_lib PRIVATE
    viz/report.c
    viz/findings_csv.c
    viz/summary.c
    viz/privacy.c
    viz/privacy_anon.c
    viz/compare.c
    viz/dot.c
)
