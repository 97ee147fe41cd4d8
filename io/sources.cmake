target_sources(liaison_lib PRIVATE
    io/error.c
    io/strmap.c
    io/org.c
    io/csvtable.c
    io/roster.c
    io/calendar.c
    io/coverage.c
    io/raw.c
    io/ics.c
    io/outlook.c
    io/graph.c
    io/load.c
    io/config.c
    io/gen.c
    io/anon.c
)
