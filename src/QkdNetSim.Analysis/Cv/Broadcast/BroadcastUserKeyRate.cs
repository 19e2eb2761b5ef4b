namespace QkdNetSim.Analysis.Cv.Broadcast;

/// <summary>
/// Key-rate terms of one Bob (bits per pulse) in Bian et al., arXiv:2507.04462. Kept term by term so callers can see
/// why a rate is what it is (classical leakage to the other Bobs vs Eve's conditional Holevo information).
/// </summary>
/// <param name="MutualInformation">I(a:b_i), Eq. 22.</param>
/// <param name="OtherBobsInformation">I(b_i:b_r), Eq. 23: what the remaining Bobs' raw data reveal about b_i.</param>
/// <param name="ConditionalEveEntropy">S(AB_iD | b_r) = S(E | b_r), Eq. 25 with trusted detector modes D.</param>
/// <param name="DoublyConditionalEveEntropy">S(AD | b_i b_r) = S(E | b_i b_r), Eq. 25.</param>
/// <param name="ConditionalHolevo">S(b_i:E | b_r) = difference of the two entropies, Eq. 25.</param>
/// <param name="KeyRate">K_ABi = beta I(a:b_i) - I(b_i:b_r) - S(b_i:E|b_r), Eqs. 7 / 21; negative means no key.</param>
/// <param name="WorstCaseHolevo">chi(b_i : E B_r): Eve also holds the other Bobs' modes before detection (Fig. 2c).</param>
/// <param name="LowerBoundKeyRate">K_LB,i = beta I(a:b_i) - chi(b_i : E B_r) (Fig. 1b / 2c worst case).</param>
public sealed record BroadcastUserKeyRate(
    double MutualInformation,
    double OtherBobsInformation,
    double ConditionalEveEntropy,
    double DoublyConditionalEveEntropy,
    double ConditionalHolevo,
    double KeyRate,
    double WorstCaseHolevo,
    double LowerBoundKeyRate);
