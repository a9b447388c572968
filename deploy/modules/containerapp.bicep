// The bot on Azure Container Apps: several replicas behind the environment's HTTPS ingress, scaled on
// concurrent requests, running as the managed identity, with secrets referenced from Key Vault.

param name string
param location string
param image string

@description('Resource id and client id of the managed identity the replicas run as.')
param identityId string
param identityClientId string

param keyVaultUri string
param cosmosEndpoint string
param cosmosDatabase string
param blobEndpoint string
param blobContainer string
param botAppId string
param botTenantId string

@minValue(1)
param minReplicas int = 2

@minValue(1)
param maxReplicas int = 10

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${name}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: '${name}-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

var secretNames = [
  'teams-app-password'
  'api-key'
  'api-admin-key'
  'hangfire-connection-string'
]

resource app 'Microsoft.App/containerApps@2024-03-01' = {
  name: name
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    managedEnvironmentId: environment.id
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        external: true
        targetPort: 8080
        transport: 'auto'
        allowInsecure: false
      }
      secrets: [for secret in secretNames: {
        name: secret
        keyVaultUrl: '${keyVaultUri}secrets/${secret}'
        identity: identityId
      }]
    }
    template: {
      containers: [
        {
          name: 'compliancebot'
          image: image
          resources: {
            cpu: json('0.5')
            memory: '1Gi'
          }
          env: [
            { name: 'AZURE_CLIENT_ID', value: identityClientId }
            { name: 'Storage__Provider', value: 'Cosmos' }
            { name: 'Cosmos__Endpoint', value: cosmosEndpoint }
            { name: 'Cosmos__Database', value: cosmosDatabase }
            { name: 'Cosmos__CreateContainers', value: 'false' }
            { name: 'Evidence__Provider', value: 'AzureBlob' }
            { name: 'Evidence__BlobEndpoint', value: blobEndpoint }
            { name: 'Evidence__Container', value: blobContainer }
            { name: 'Evidence__CreateContainer', value: 'false' }
            { name: 'Teams__AppId', value: botAppId }
            { name: 'Teams__TenantId', value: botTenantId }
            { name: 'Teams__AppPassword', secretRef: 'teams-app-password' }
            { name: 'Api__Key', secretRef: 'api-key' }
            { name: 'Api__AdminKey', secretRef: 'api-admin-key' }
            { name: 'Jobs__Storage', value: 'PostgreSql' }
            { name: 'Jobs__ConnectionString', secretRef: 'hangfire-connection-string' }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz/live'
                port: 8080
              }
              periodSeconds: 5
              failureThreshold: 24
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz/live'
                port: 8080
              }
              periodSeconds: 15
              failureThreshold: 4
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/healthz/ready'
                port: 8080
              }
              periodSeconds: 10
            }
          ]
        }
      ]
      scale: {
        minReplicas: minReplicas
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http'
            http: {
              metadata: {
                concurrentRequests: '50'
              }
            }
          }
        ]
      }
    }
  }
}

output fqdn string = app.properties.configuration.ingress.fqdn
