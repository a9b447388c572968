// ComplianceBot on Azure, in one resource group: Container Apps running several instances as a managed
// identity, Cosmos DB for records, Blob Storage for evidence, Key Vault for secrets, PostgreSQL for
// Hangfire's job storage, and the Azure Bot with the Teams channel. See deploy/README.md.

targetScope = 'resourceGroup'

@description('Prefix of every resource name.')
@minLength(3)
@maxLength(16)
param name string = 'compliancebot'

param location string = resourceGroup().location

@description('The host image, e.g. myregistry.azurecr.io/compliancebot:1.0.0 (built from deploy/Dockerfile).')
param image string

@description('Microsoft App ID of the bot\'s single-tenant Entra app registration.')
param botAppId string

param botTenantId string = tenant().tenantId

@description('Client secret of the bot\'s app registration.')
@secure()
param botAppPassword string

@description('Bearer key for the auditor API (24+ characters).')
@secure()
param apiKey string

@description('Bearer key for the admin API (24+ characters, different from apiKey).')
@secure()
param apiAdminKey string

@description('Administrator password of the PostgreSQL server holding Hangfire\'s job storage.')
@secure()
param postgresPassword string

@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 10

var suffix = uniqueString(resourceGroup().id)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${name}-id'
    location: location
  }
}

module cosmos 'modules/cosmos.bicep' = {
  name: 'cosmos'
  params: {
    accountName: toLower(take('${name}-${suffix}', 44))
    location: location
    databaseName: 'compliancebot'
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    accountName: take(toLower('${name}${suffix}'), 24)
    location: location
    principalId: identity.outputs.principalId
  }
}

module postgres 'modules/postgres.bicep' = {
  name: 'postgres'
  params: {
    name: toLower('${name}-jobs-${suffix}')
    location: location
    administratorPassword: postgresPassword
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${name}-kv-${suffix}', 24)
    location: location
    principalId: identity.outputs.principalId
    secrets: {
      'teams-app-password': botAppPassword
      'api-key': apiKey
      'api-admin-key': apiAdminKey
      'hangfire-connection-string': 'Host=${postgres.outputs.host};Database=${postgres.outputs.databaseName};Username=${postgres.outputs.administratorLogin};Password=${postgresPassword};SSL Mode=Require'
    }
  }
}

module app 'modules/containerapp.bicep' = {
  name: 'containerapp'
  params: {
    name: name
    location: location
    image: image
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    keyVaultUri: vault.outputs.uri
    cosmosEndpoint: cosmos.outputs.endpoint
    cosmosDatabase: cosmos.outputs.databaseName
    blobEndpoint: storage.outputs.blobEndpoint
    blobContainer: storage.outputs.containerName
    botAppId: botAppId
    botTenantId: botTenantId
    minReplicas: minReplicas
    maxReplicas: maxReplicas
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: '${name}-bot-${suffix}'
    messagingEndpoint: 'https://${app.outputs.fqdn}/api/messages'
    appId: botAppId
    tenantId: botTenantId
  }
}

output url string = 'https://${app.outputs.fqdn}'
output botName string = bot.outputs.name
