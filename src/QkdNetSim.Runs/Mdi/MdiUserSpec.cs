namespace QkdNetSim.Runs.Mdi;

/// <summary>One user: a transmitter sending some comb lines over one fibre to its own DEMUX at the relay.</summary>
public sealed class MdiUserSpec
{
    /// <summary>Unique name; modules name their inputs by it.</summary>
    public string Name { get; set; } = "";
    /// <summary>Loss from the user's encoder output to the relay DEMUX input (fibre, VOA), dB.</summary>
    public double ChannelLossDb { get; set; }
    /// <summary>The relay DEMUX the user's fibre enters; unique per user. Default: "DEMUX-" + name.</summary>
    public string? Demux { get; set; }
    /// <summary>ITU channels the user sends, each a comb line. Default: all of comb.lines.</summary>
    public List<int>? Channels { get; set; }
    /// <summary>
    /// This user's encoder, if it differs from the network's: keys written here replace the network encoder's, keys not
    /// written are taken from it (`model:` include allowed).
    /// </summary>
    public TimeBinEncoderSpec? Encoder { get; set; }
    /// <summary>
    /// This user's drift, if it differs from the network's `drift:`: keys written here replace the network's, keys not
    /// written are taken from it (e.g. `drift: {delay: {noisePsPerSqrtS: 0}}` holds this user's delay still).
    /// </summary>
    public MdiDriftSpec? Drift { get; set; }
}
