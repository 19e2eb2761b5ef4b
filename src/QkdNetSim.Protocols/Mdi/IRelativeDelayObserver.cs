namespace QkdNetSim.Protocols.Mdi;

/// <summary>
/// Told by an engine just before its relative delays change (<see cref="MdiEngine.SetRelativeDelaysPs"/>): the delays
/// still in effect (<see cref="MdiEngine.RelativeDelayPs"/>) held for every slot before <paramref name="fromSlot"/>.
/// </summary>
public interface IRelativeDelayObserver
{
    void BeforeChange(long fromSlot, MdiEngine engine);
}
