namespace ComplianceBot.Benchmarks.Endpoints;

/// <summary>
/// What an endpoint benchmark sends and how it knows the replies arrived: the requests of a phase (warm-up or a
/// measured run) for one target, and the fake chat service that receives the replies.
/// </summary>
internal interface IEndpointWorkload
{
    /// <summary>Request <paramref name="index"/> of <paramref name="phase"/> for <paramref name="target"/> (ids are unique per target and phase).</summary>
    HttpRequestMessage Request(EndpointTarget target, string phase, int index);

    /// <summary>Replies delivered so far, cheap enough to poll while measuring.</summary>
    int Delivered { get; }

    /// <summary>Whether every request sent since <see cref="Forget"/> got exactly one reply.</summary>
    bool ExactlyOneReplyEach(int requests);

    /// <summary>
    /// Replies since <see cref="Forget"/> without a card: in this workload every answer is a card, so a text-only
    /// reply is a refusal or an error (someone unknown, a control not theirs) and shows the load is not as meant.
    /// </summary>
    int TextOnlyReplies();

    /// <summary>Drops what the fake service recorded so far (memory), and the replies expected.</summary>
    void Forget();
}

/// <summary>Which part a target plays in the comparison.</summary>
internal enum TargetRole
{
    Ours,
    Peer,
    Bare,
}

/// <summary>One process to measure: how to start it on a port, and the path that answers once it serves.</summary>
internal sealed record EndpointTarget(string Name, TargetRole Role, Func<int, string, System.Diagnostics.Process> Start, string ReadyPath)
{
    public bool ExpectsReplies => Role != TargetRole.Bare;
}
