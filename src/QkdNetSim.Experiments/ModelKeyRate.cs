using QkdNetSim.Analysis;
using QkdNetSim.Protocols.AccessNetwork;
using QkdNetSim.Runs.Access;

namespace QkdNetSim.Experiments;

/// <summary>
/// Key rate the analyzer would report if the counts came out exactly at their expectation: the "theory" curve, computed
/// with the same finite-key routine as the data ("We use the same routine as for the experimental data", seed 004
/// Methods). One home: the access network's model engine, <see cref="AccessModel"/>.
/// </summary>
public static class ModelKeyRate
{
    public static DecoyBb84Result Analyze(AccessNetworkConfig config, AccessUser user, double sessionS, double epsilon = 1e-10, double fEc = 1.1,
        bool signalStateErrorBound = true) =>
        AccessModel.Analyze(config, user, sessionS, epsilon, fEc, signalStateErrorBound);

    /// <summary>Signal-state QBER of the expected counts.</summary>
    public static double SignalQber(AccessNetworkConfig config, AccessUser user) => AccessModel.SignalQber(config, user);
}
