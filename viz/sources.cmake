target_sources(liaison_lib PRIVATE
    viz/report.c
    viz/compare.c
    viz/dot.c
    viz/outputs.c
)
