namespace Salla.Codegen.Webhooks;

/// <summary>Why a webhook request was accepted or refused.</summary>
public enum SallaAuthenticationStatus
{
    /// <summary>The signature or token matched a configured secret.</summary>
    Verified,

    /// <summary>Nothing was verified: the strategy is <see cref="SallaSecurityStrategy.None"/> and <see cref="SallaWebhookOptions.AllowUnverified"/> is on.</summary>
    Unverified,

    /// <summary>The strategy needs a secret and none is configured; every request is refused.</summary>
    NoSecretConfigured,

    /// <summary>The strategy is <see cref="SallaSecurityStrategy.None"/> but <see cref="SallaWebhookOptions.AllowUnverified"/> is off; every request is refused.</summary>
    UnverifiedNotAllowed,

    /// <summary>The <c>X-Salla-Signature</c> header is absent or empty.</summary>
    MissingSignature,

    /// <summary>The <c>X-Salla-Signature</c> header is not 64 hexadecimal characters.</summary>
    MalformedSignature,

    /// <summary>The signature is not the HMAC-SHA256 of the body with any configured secret: wrong secret, or a body altered on the way.</summary>
    SignatureMismatch,

    /// <summary>The <c>Authorization</c> header is absent or empty.</summary>
    MissingToken,

    /// <summary>The <c>Authorization</c> header matches no configured secret.</summary>
    TokenMismatch,

    /// <summary>The <c>X-Salla-Security-Strategy</c> header names a strategy other than the configured one.</summary>
    StrategyMismatch,
}

/// <summary>The outcome of authenticating one webhook request.</summary>
public readonly struct SallaAuthenticationResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="status">Why the request was accepted or refused.</param>
    /// <param name="strategy">The strategy the request was checked against.</param>
    /// <param name="secretIndex">The index in <see cref="SallaWebhookOptions.Secrets"/> of the secret that matched, or -1.</param>
    public SallaAuthenticationResult(SallaAuthenticationStatus status, SallaSecurityStrategy strategy, int secretIndex = -1)
    {
        Status = status;
        Strategy = strategy;
        SecretIndex = secretIndex;
    }

    /// <summary>Why the request was accepted or refused.</summary>
    public SallaAuthenticationStatus Status { get; }

    /// <summary>The configured strategy the request was checked against.</summary>
    public SallaSecurityStrategy Strategy { get; }

    /// <summary>
    /// The index in <see cref="SallaWebhookOptions.Secrets"/> of the secret that matched, or -1.
    /// During a rotation it tells whether Salla still uses the old secret.
    /// </summary>
    public int SecretIndex { get; }

    /// <summary>Whether the request may be processed.</summary>
    public bool IsAccepted => Status is SallaAuthenticationStatus.Verified or SallaAuthenticationStatus.Unverified;

    /// <summary>A short explanation, safe to send back and to log: it never contains a secret, a token or a signature.</summary>
    public string Reason => Status switch
    {
        SallaAuthenticationStatus.Verified => "verified",
        SallaAuthenticationStatus.Unverified => "not verified (verification is turned off)",
        SallaAuthenticationStatus.NoSecretConfigured => "no webhook secret is configured",
        SallaAuthenticationStatus.UnverifiedNotAllowed => "verification is off but unverified requests are not allowed",
        SallaAuthenticationStatus.MissingSignature => "missing X-Salla-Signature header",
        SallaAuthenticationStatus.MalformedSignature => "X-Salla-Signature is not 64 hexadecimal characters",
        SallaAuthenticationStatus.SignatureMismatch => "signature mismatch",
        SallaAuthenticationStatus.MissingToken => "missing Authorization header",
        SallaAuthenticationStatus.TokenMismatch => "token mismatch",
        SallaAuthenticationStatus.StrategyMismatch => "X-Salla-Security-Strategy does not match the configured strategy",
        _ => "refused",
    };

    /// <inheritdoc />
    public override string ToString() => Reason;
}
