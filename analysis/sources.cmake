target_sources(liaison_lib PRIVATE
    analysis/analysis.c
    analysis/finding.c
    analysis/graph.c
    analysis/hierarchy.c
    analysis/hours.c
    analysis/igutil.c
    analysis/liaisons.c
    analysis/meetings.c
    analysis/mgmtline.c
    analysis/needs.c
    analysis/order.c
    analysis/pairmap.c
    analysis/roles.c
    analysis/structure.c
    analysis/passes.c
    analysis/proposal.c
)
