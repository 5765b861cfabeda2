import Foundation

/// Where AWS credentials would come from, in the AWS CLI's order: environment
/// keys, then the profile (AWS_PROFILE or the given one) in ~/.aws/credentials
/// and ~/.aws/config (static keys, SSO, credential_process, assumed roles, web
/// identity), then web identity and container variables. It reports the source and
/// never a value; instance metadata is not probed (no network from a check).
public struct AWSCredentialChecker: CredentialChecker {
  public let kind = CredentialKind.aws
  public let environment: [String: String]

  public init(environment: [String: String]) { self.environment = environment }

  public func check(context profileArgument: String?) async -> CredentialStatus {
    status(profileArgument: profileArgument)
  }

  /// The same check, synchronously: it only reads files and variables.
  public func status(profileArgument: String?) -> CredentialStatus {
    let explicitProfile = profileArgument ?? nonEmpty("AWS_PROFILE")
    // The CLI prefers environment keys over AWS_PROFILE; only --profile beats them.
    if profileArgument == nil, let status = environmentKeys() { return status }
    let profile = explicitProfile ?? nonEmpty("AWS_DEFAULT_PROFILE") ?? "default"
    let credentials = AWSConfigFile.load(credentialsPath)
    let config = AWSConfigFile.load(configPath)
    let fromCredentials = credentials?.credentialsProfile(profile)
    let fromConfig = config?.configProfile(profile)

    if fromCredentials != nil || fromConfig != nil {
      if let source = Self.source(credentials: fromCredentials, config: fromConfig) {
        return ready(profile: profile, source: source, config: fromConfig)
      }
      return needed(.awsProfileWithoutCredentials(profile: profile))
    }
    if explicitProfile != nil {
      return needed(
        .awsProfileNotFound(profile: profile, searched: [credentialsPath, configPath]),
      )
    }
    if nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE") != nil, nonEmpty("AWS_ROLE_ARN") != nil {
      return ready(
        profile: nil, source: "web identity (AWS_ROLE_ARN, AWS_WEB_IDENTITY_TOKEN_FILE)",
        config: nil)
    }
    if nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != nil
      || nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI") != nil
    {
      return ready(
        profile: nil, source: "container credentials (ECS task role or EKS Pod Identity)",
        config: nil)
    }
    return needed(
      .awsNoCredentials(searched: ["environment", credentialsPath, configPath]))
  }

  private var home: String { environment["HOME"] ?? "" }

  var credentialsPath: String {
    nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "\(home)/.aws/credentials"
  }

  var configPath: String { nonEmpty("AWS_CONFIG_FILE") ?? "\(home)/.aws/config" }

  private func nonEmpty(_ name: String) -> String? {
    environment[name].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY; nil when neither is set.
  private func environmentKeys() -> CredentialStatus? {
    let id = nonEmpty("AWS_ACCESS_KEY_ID")
    let secret = nonEmpty("AWS_SECRET_ACCESS_KEY")
    switch (id, secret) {
    case (nil, nil): return nil
    case (_, nil): return needed(.awsIncompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY"))
    case (nil, _): return needed(.awsIncompleteEnvironment(missing: "AWS_ACCESS_KEY_ID"))
    default:
      let session = nonEmpty("AWS_SESSION_TOKEN") != nil ? " with AWS_SESSION_TOKEN" : ""
      return ready(
        profile: nil,
        source: "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\(session)",
        config: nil)
    }
  }

  /// How a profile gets credentials, in words; nil when it has no way to.
  static func source(credentials: [String: String]?, config: [String: String]?) -> String? {
    if credentials?["aws_access_key_id"] != nil, credentials?["aws_secret_access_key"] != nil {
      return "static keys in the shared credentials file"
    }
    let settings = (config ?? [:]).merging(credentials ?? [:]) { first, _ in first }
    if settings["sso_session"] != nil || settings["sso_start_url"] != nil {
      return "IAM Identity Center (SSO); if the session expired, run aws sso login"
    }
    if settings["credential_process"] != nil { return "a credential_process program" }
    if let role = settings["role_arn"] {
      if settings["web_identity_token_file"] != nil { return "web identity for role \(role)" }
      if settings["source_profile"] != nil || settings["credential_source"] != nil {
        return "assumed role \(role)"
      }
    }
    if settings["aws_access_key_id"] != nil, settings["aws_secret_access_key"] != nil {
      return "static keys in the config file"
    }
    return nil
  }

  private var region: String? {
    nonEmpty("AWS_REGION") ?? nonEmpty("AWS_DEFAULT_REGION")
  }

  private func ready(profile: String?, source: String, config: [String: String]?)
    -> CredentialStatus
  {
    var summary = profile.map { "profile \($0): \(source)" } ?? source
    if let region = region ?? config?["region"] { summary += ", region \(region)" }
    let origin = profile == nil ? "the environment" : "\(credentialsPath) and \(configPath)"
    return .ready(CredentialDetails(kind: .aws, summary: summary, source: origin))
  }

  private func needed(_ problem: CredentialProblem) -> CredentialStatus {
    .needed(AWSRemedies.remedy(for: problem))
  }
}

/// The commands that give the AWS CLI working credentials.
enum AWSRemedies {
  static func remedy(for problem: CredentialProblem) -> CredentialRemedy {
    let summary: String
    var steps: [RemedyStep]
    switch problem {
    case .awsProfileNotFound(let profile, let searched):
      summary = "AWS profile \(profile) is not in \(searched.joined(separator: " or "))"
      steps = [
        RemedyStep("aws configure list-profiles", "list the profiles you have"),
        RemedyStep(
          "aws configure sso --profile \(profile)", "create it for IAM Identity Center (SSO)"),
        RemedyStep("aws configure --profile \(profile)", "or create it with access keys"),
      ]
    case .awsProfileWithoutCredentials(let profile):
      summary =
        "AWS profile \(profile) exists but holds no credentials (keys, SSO, role or process)"
      steps = [
        RemedyStep("aws configure sso --profile \(profile)", "add IAM Identity Center (SSO) login"),
        RemedyStep("aws configure --profile \(profile)", "or add access keys"),
      ]
    case .awsIncompleteEnvironment(let missing):
      summary = "\(missing) is not set, but its partner variable is"
      steps = [
        RemedyStep("export \(missing)=<value>", "set it too"),
        RemedyStep("unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY", "or use a profile instead"),
      ]
    default:
      summary = "no AWS credentials in the environment, ~/.aws/credentials or ~/.aws/config"
      steps = [
        RemedyStep("aws configure sso", "log in with IAM Identity Center (SSO)"),
        RemedyStep("aws configure", "or store access keys"),
        RemedyStep("aws sso login --profile <profile>", "refresh an existing SSO profile"),
      ]
    }
    return CredentialRemedy(kind: .aws, problem: problem, summary: summary, steps: steps)
  }
}
