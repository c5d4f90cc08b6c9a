/**
 * The margin-based preference objectives (DPO and its family) as {@code OBJECTIVE} plugins, written
 * against the api's scalar algebra only; the built-in preference data sets (the entanglement paper's
 * sentiment tasks and arithmetic) as {@code PREFERENCE_DATASET} plugins; and the backend-neutral
 * SFT and alignment trainers.
 */
module dev.gramian.objectives.margin {
    requires transitive dev.gramian.api;
    requires jdk.management;

    exports dev.gramian.objectives.margin.loss;
    exports dev.gramian.objectives.margin.data;
    exports dev.gramian.objectives.margin.align;
    exports dev.gramian.objectives.margin.mitigation;
    exports dev.gramian.objectives.margin.probing;

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
            dev.gramian.objectives.margin.loss.SftLossProvider,
            dev.gramian.objectives.margin.loss.ExoLossProvider,
            dev.gramian.objectives.margin.loss.ApoDownLossProvider,
            dev.gramian.objectives.margin.loss.NormalizedDpoLossProvider,
            dev.gramian.objectives.margin.loss.DiscoPopLossProvider,
            dev.gramian.objectives.margin.loss.AotLossProvider,
            dev.gramian.objectives.margin.loss.AotUnpairedLossProvider,
            dev.gramian.objectives.margin.data.SingleTokenSentimentProvider,
            dev.gramian.objectives.margin.data.ShortSuffixSentimentProvider,
            dev.gramian.objectives.margin.data.LongSuffixSentimentProvider,
            dev.gramian.objectives.margin.data.ArithmeticDatasetProvider,
            dev.gramian.objectives.margin.mitigation.GradientRuleProvider,
            dev.gramian.objectives.margin.mitigation.PairwiseNormalizedRuleProvider,
            dev.gramian.objectives.margin.mitigation.TokenMaskingRuleProvider;
}
