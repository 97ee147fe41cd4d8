target_sources(liaison_lib PRIVATE
    viz/report.c
)
