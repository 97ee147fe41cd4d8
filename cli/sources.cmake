target_sources(liaison PRIVATE
    cli/main.c
    cli/cmd_analyze.c
    cli/cmd_gen.c
    cli/cmd_render.c
    cli/inputs.c
    cli/options.c
    cli/progress.c
    cli/cmd_compare.c
    cli/cmd_batch.c
)
lsn_process_executable(liaison)
