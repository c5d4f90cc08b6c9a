/**
 * Domain generalisation: the domain rules (ERM, Fish, Fish with explicit γ, IDGM, AND-mask), the
 * domain data sets (CdSprites-N, Colored and Rotated MNIST, a linear toy) and the trainer that runs
 * a rule over a classifier and a data set with training-domain model selection. Plugins depend on
 * the api only; the trainer and the MNIST files are exported for the command line.
 */
module dev.gramian.objectives.fish {
    requires dev.gramian.api;

    exports dev.gramian.objectives.fish.data;
    exports dev.gramian.objectives.fish.train;


    provides dev.gramian.api.plugin.PluginProvider with
            dev.gramian.objectives.fish.rule.ErmRuleProvider,
            dev.gramian.objectives.fish.rule.FishRuleProvider,
            dev.gramian.objectives.fish.rule.FishSmoothRuleProvider,
            dev.gramian.objectives.fish.rule.IdgmRuleProvider,
            dev.gramian.objectives.fish.rule.AndMaskRuleProvider,
            dev.gramian.objectives.fish.data.LinearToyProvider,
            dev.gramian.objectives.fish.data.CdSpritesProvider,
            dev.gramian.objectives.fish.data.ColoredMnistProvider,
            dev.gramian.objectives.fish.data.RotatedMnistProvider;
}
