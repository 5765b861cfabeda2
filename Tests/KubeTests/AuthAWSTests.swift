import Foundation
import Testing

@testable import Kube

private let plantedSecretKey = "planted/AWS+secret/key0123456789abcdefABCDEF"

private func awsStatus(
  _ home: TemporaryHome, _ extra: [String: String] = [:], profile: String? = nil
) async -> CredentialStatus {
  await CredentialBroker(environment: home.environment(extra)).check(kind: .aws, context: profile)
}

private func summary(_ status: CredentialStatus) -> String? {
  if case .ready(let details) = status { return details.summary }
  return nil
}

@Test("environment keys win, and their values are never shown")
func awsEnvironmentKeys() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let status = await awsStatus(
    home,
    [
      "AWS_ACCESS_KEY_ID": "AKIAPLANTED0000", "AWS_SECRET_ACCESS_KEY": plantedSecretKey,
      "AWS_SESSION_TOKEN": Planted.token, "AWS_PROFILE": "ignored", "AWS_REGION": "eu-west-1",
    ])
  #expect(
    summary(status)
      == "environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY with AWS_SESSION_TOKEN, region eu-west-1"
  )
  for secret in ["AKIAPLANTED0000", plantedSecretKey, Planted.token] {
    #expect(!allText(status).contains(secret))
  }
}

@Test("half a key pair in the environment is named")
func awsIncompleteEnvironment() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let status = await awsStatus(home, ["AWS_ACCESS_KEY_ID": "AKIAPLANTED0000"])
  guard case .needed(let remedy) = status else {
    Issue.record("expected needed, got \(status)")
    return
  }
  #expect(remedy.problem == .awsIncompleteEnvironment(missing: "AWS_SECRET_ACCESS_KEY"))
}

@Test("profiles in ~/.aws are read: static keys, SSO, credential_process, roles")
func awsProfiles() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  try home.write(
    ".aws/credentials",
    """
    [default]
    aws_access_key_id = AKIAPLANTED0000
    aws_secret_access_key = \(plantedSecretKey)
    """)
  try home.write(
    ".aws/config",
    """
    [default]
    region = us-east-2
    [profile sso]
    sso_session = corp
    sso_account_id = 123456789012
    [profile proc]
    credential_process = /opt/bin/get-creds --secret \(plantedSecretKey)
    [profile role]
    role_arn = arn:aws:iam::123456789012:role/ReadOnly
    source_profile = default
    [profile empty]
    region = us-west-2
    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    """)
  #expect(
    summary(await awsStatus(home))
      == "profile default: static keys in the shared credentials file, region us-east-2")
  #expect(
    summary(await awsStatus(home, profile: "sso"))?.contains("IAM Identity Center (SSO)") == true)
  #expect(
    summary(await awsStatus(home, ["AWS_PROFILE": "proc"]))
      == "profile proc: a credential_process program")
  #expect(
    summary(await awsStatus(home, profile: "role"))?.contains(
      "assumed role arn:aws:iam::123456789012:role/ReadOnly") == true)
  let empty = await awsStatus(home, profile: "empty")
  #expect(
    empty == .needed(AWSRemedies.remedy(for: .awsProfileWithoutCredentials(profile: "empty"))))
  for status in [await awsStatus(home), await awsStatus(home, profile: "proc"), empty] {
    #expect(!allText(status).contains(plantedSecretKey))
  }
}

@Test("a named profile that does not exist says how to create it")
func awsProfileNotFound() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let status = await awsStatus(home, ["AWS_PROFILE": "prod"])
  guard case .needed(let remedy) = status else {
    Issue.record("expected needed, got \(status)")
    return
  }
  #expect(
    remedy.problem
      == .awsProfileNotFound(
        profile: "prod", searched: ["\(home.path)/.aws/credentials", "\(home.path)/.aws/config"]))
  #expect(remedy.steps.map(\.command).contains("aws configure --profile prod"))
}

@Test("nothing at all: aws configure or SSO")
func awsNothing() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let status = await awsStatus(home)
  guard case .needed(let remedy) = status else {
    Issue.record("expected needed, got \(status)")
    return
  }
  #expect(
    remedy.steps.map(\.command) == [
      "aws configure sso", "aws configure", "aws sso login --profile <profile>",
    ])
}

@Test("web identity and container credentials are recognized from the environment")
func awsWorkloadIdentity() async throws {
  let home = try TemporaryHome()
  defer { home.remove() }
  let web = await awsStatus(
    home,
    ["AWS_ROLE_ARN": "arn:aws:iam::1:role/r", "AWS_WEB_IDENTITY_TOKEN_FILE": "/var/run/token"])
  #expect(summary(web)?.hasPrefix("web identity") == true)
  let container = await awsStatus(home, ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/creds"])
  #expect(summary(container)?.hasPrefix("container credentials") == true)
}
