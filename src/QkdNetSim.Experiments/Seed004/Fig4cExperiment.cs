using QkdNetSim.Core.Units;
using QkdNetSim.Experiments.Tables;
using QkdNetSim.Optics;
using QkdNetSim.Protocols.AccessNetwork;

namespace QkdNetSim.Experiments.Seed004;

/// <summary>
/// Seed 004 Fig. 4c: a fully occupied network of capacity N emulated by two transmitters at 500 MHz (every
/// detector gate carries a pulse) behind a 1xN splitter; the per-user rate is (R1 + R2)/N. Compared with the
/// expected-count model of the same two-transmitter set-up ("we adopt the simulation to account for the unequal
/// fibre distances ... and the higher operational speed", Methods) and with the Fig. 4b full network.
/// </summary>
public static class Fig4cExperiment
{
    public static ResultTable Run(ExperimentContext ctx, PaperValues paper, AccessNetworkConfig fig3aTemplate)
    {
        var table = new ResultTable("fig4c", "capacity", "splitterLossDb", "sessionS", "simPerUserKeyRateBitPerS", "modelPerUserKeyRateBitPerS",
            "fullNetworkModelPerUserBitPerS", "simQberT1", "simQberT2");
        foreach (int cap in Fig4bExperiment.Capacities)
        {
            // Assumption: the session lengths of Fig. 4b (20 min, 20 min, 2 h, 12 h; "different sample sizes compared with
            // Fig. 4b" then comes from the 500-MHz operation); quick scale: a twentieth of them.
            double sessionS = paper.SessionLengthS[cap] / (ctx.Full ? 1 : 20);
            double splitDb = CapacityNetworks.SplitterLossDb(cap);
            // Fig. 3 fibre spools (19.5 and 21.5 km at 0.2 dB/km), now behind a 1xN splitter, two bins at 500 MHz each.
            var users = fig3aTemplate.Users.Take(2).Select((u, i) => u with
            {
                Slot = i,
                ChannelTransmittance = new Fibre(i == 0 ? 19.5 : 21.5).Transmittance * Decibels.ToTransmittance(splitDb),
            }).ToList();
            var cfg = fig3aTemplate with { TimeBins = 2, Users = users, DurationS = sessionS, Seed = ctx.Seed };
            var sim = SessionRunner.Run(cfg, $"fig4c-N{cap}", ctx);
            double simPerUser = (sim.Users[0].SecretKeyRateBitPerS + sim.Users[1].SecretKeyRateBitPerS) / cap;
            double modelPerUser = (ModelKeyRate.Analyze(cfg, cfg.Users[0], sessionS).FiniteKeyRateBitPerS
                                 + ModelKeyRate.Analyze(cfg, cfg.Users[1], sessionS).FiniteKeyRateBitPerS) / cap;
            var full = CapacityNetworks.Build(fig3aTemplate, cap, cap, 20.5, paper.SessionLengthS[cap]);
            double fullModel = ModelKeyRate.Analyze(full, full.Users[0], paper.SessionLengthS[cap]).FiniteKeyRateBitPerS;
            table.Add((double)cap, splitDb, sessionS, simPerUser, modelPerUser, fullModel, sim.Users[0].QberSignal, sim.Users[1].QberSignal);
        }
        return table;
    }
}
