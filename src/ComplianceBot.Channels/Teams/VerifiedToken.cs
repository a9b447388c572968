using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace ComplianceBot.Channels.Teams;

/// <summary>A bearer token whose signature, issuer, audience and lifetime have been checked, not yet bound to an activity.</summary>
/// <param name="Configuration">The metadata its key came from (for the channel endorsement check).</param>
/// <param name="FromChannel">Issued by the Bot Framework channel service rather than by Entra.</param>
public sealed record VerifiedToken(JsonWebToken Token, OpenIdConnectConfiguration Configuration, bool FromChannel);
