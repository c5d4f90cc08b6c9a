/**
 * The margin-based preference objectives (DPO and its family) as {@code OBJECTIVE} plugins, written
 * against the api's scalar algebra only. Later: preference data and the alignment trainer.
 */
module dev.gramian.objectives.margin {
    requires transitive dev.gramian.api;

    exports dev.gramian.objectives.margin.loss;

    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.objectives.margin.loss.DpoLossProvider,
            dev.gramian.objectives.margin.loss.IpoLossProvider,
            dev.gramian.objectives.margin.loss.HingeLossProvider,
            dev.gramian.objectives.margin.loss.RobustDpoLossProvider,
            dev.gramian.objectives.margin.loss.LengthRegularizedDpoLossProvider,
            dev.gramian.objectives.margin.loss.DpoPositiveLossProvider,
            dev.gramian.objectives.margin.loss.NcaLossProvider,
            dev.gramian.objectives.margin.loss.BcoLossProvider,
            dev.gramian.objectives.margin.loss.ApoZeroLossProvider,
            dev.gramian.objectives.margin.loss.SppoHardLossProvider,
            dev.gramian.objectives.margin.loss.SimpoLossProvider,
            dev.gramian.objectives.margin.loss.CpoLossProvider,
            dev.gramian.objectives.margin.loss.OrpoLossProvider,
            dev.gramian.objectives.margin.loss.RrhfLossProvider,
            dev.gramian.objectives.margin.loss.SftLossProvider;
}
