target_sources(liaison PRIVATE
    cli/main.c
    cli/cmd_analyze.c
    cli/cmd_gen.c
    cli/params.c
    cli/timings.c
    cli/pipeline.c
)
