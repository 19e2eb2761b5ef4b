using QkdNetSim.Analysis.Cv.Broadcast;

namespace QkdNetSim.Experiments.Seed000;

/// <summary>
/// One simulation condition of Bian et al. (seed 000): reconciliation efficiency, modulation variance, excess noise
/// (SNU at the channel input) and the Bobs' detectors. The two named ones are the paper's Fig. 3 caption.
/// </summary>
public sealed record BroadcastCondition(string Name, double Beta, double ModulationVarianceSnu, double ExcessNoiseSnu,
    double DetectorEfficiency, double ElectronicNoiseSnu)
{
    /// <summary>Fig. 3 caption, "ideal": beta = 1, V_M = 1e4 SNU, eps = 0, ideal detector.</summary>
    public static BroadcastCondition Ideal { get; } = new("ideal", 1.0, 1e4, 0.0, 1.0, 0.0);

    /// <summary>Fig. 3 caption, "practical": beta = 0.956, V_M = 4 SNU, eps = 0.05 SNU, eta = 0.6, v_ele = 0.1 SNU.</summary>
    public static BroadcastCondition Practical { get; } = new("practical", 0.956, 4.0, 0.05, 0.6, 0.1);

    public BroadcastCondition WithModulationVariance(double vm) => this with { Name = $"{Name}, V_M = {vm:G4}", ModulationVarianceSnu = vm };

    /// <summary>The symmetric network of Fig. 13: L km of fibre (0.2 dB/km) and eps before a uniform 1-to-N splitter.</summary>
    public BroadcastNetwork Network(int userCount, double distanceKm) => BroadcastNetwork.Uniform(userCount, distanceKm,
        ModulationVarianceSnu, ExcessNoiseSnu, DetectorEfficiency, ElectronicNoiseSnu, Beta);
}
