namespace QkdNetSim.Optics;

/// <summary>A passive element joining many user fibres onto the receiver fibre.</summary>
public interface ICombiner
{
    int Ports { get; }

    /// <summary>Power transmittance from input <paramref name="port"/> to the common port for light on ITU channel <paramref name="ituChannel"/>.</summary>
    double TransmittanceFor(int port, int ituChannel);
}
