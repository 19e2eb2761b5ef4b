namespace QkdNetSim.Runs;

/// <summary>
/// Scenarios compiled into the tool so a fresh clone runs without any file: the seed-004 Fig. 3a network
/// (1x8 splitter, two active transmitters), with a short session. A test checks it equals
/// models/networks/seed004-fig3a-splitter.yaml apart from name and duration.
/// </summary>
public static class BuiltInScenarios
{
    public const string DefaultName = "seed004-default";

    /// <summary>Virtual path: model references are not used, every value is inline.</summary>
    public const string DefaultVirtualPath = "(built-in seed004-default)";

    public const string Seed004Default = """
        # Froehlich et al., "A quantum access network", Nature 501, 69 (2013): Fig. 3a network, short session.
        name: seed004-default
        description: "Seed 004 Fig. 3a: 1x8 splitter, two transmitters at 125 MHz, 13.6 / 14.0 dB, short session"
        durationS: 60
        receiver:
          gateRateHz: 1.0e9
          timeBins: 8
          interferometerLossDb: 2.2        # 0.15 x 10^-0.22 = 0.0904 = eta_Bob (Methods)
          opticalError: 0.005              # e_opt (Methods)
          detector:
            efficiency: 0.15               # Methods: typical detection efficiency 15%
            darkCountProbabilityPerGate: 8.0e-6
            afterpulseProbability: 0.045
            afterpulseTrapLifetimesNs: [2000]   # assumption: slow trap release, spreads evenly over N bins
            afterpulseTrapWeights: [1]
            holdoffGates: 0
            crosstalkProbability: 0.019    # Methods: p_X = 1.9%/(N-1) + p_A/N
            crosstalkDecayGates: 1.0       # assumption: enhanced crosstalk fades within a few gates (Fig. 4a)
        combiner:
          type: splitter
          ports: 8
          insertionLossDb: 9.7             # Methods: measured 1x8 splitter loss
        userDefaults:
          fibreLossDbPerKm: 0.2
          source:
            intensities: [0.5, 0.1, 0.0002]
            probabilities: [0.9883, 0.0078, 0.0039]
        users:
          - {name: T1, slot: 0, port: 0, fibreLengthKm: 19.5}   # 3.9 + 9.7 = 13.6 dB
          - {name: T2, slot: 4, port: 1, fibreLengthKm: 21.5}   # 4.3 + 9.7 = 14.0 dB
        """;
}
