namespace QkdNetSim.Data.Scenarios;

/// <summary>The network a scenario describes; selects the schema its file is read with (top-level key `kind:`).</summary>
public enum NetworkKind
{
    /// <summary>Time-division quantum access network (<see cref="ScenarioFile"/>); also what an absent `kind:` means.</summary>
    AccessNetwork,

    /// <summary>Wavelength-multiplexed MDI-QKD network (<see cref="Mdi.MdiScenarioFile"/>).</summary>
    MdiNetwork,

    /// <summary>Sample-level CV-QKD broadcast network (<see cref="Cv.CvScenarioFile"/>, seed 000).</summary>
    CvNetwork,

    /// <summary>A measured or estimated CV covariance matrix to analyse (<see cref="Cv.CvCovarianceFile"/>, seed 000 Methods C).</summary>
    CvCovariance,
}
