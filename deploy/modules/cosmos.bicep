// Cosmos DB (NoSQL API) for the records: keys disabled, the bot's identity gets the data-plane contributor
// role. The containers, partition keys and indexing policies are the ones the store creates itself
// (src/ComplianceBot.Storage.Cosmos/CosmosLayout.cs); the bot runs with Cosmos__CreateContainers=false.

param accountName string
param location string
param databaseName string

@description('Principal id of the identity that reads and writes the records.')
param principalId string

@description('Autoscale ceiling shared by both containers (request units per second).')
@minValue(1000)
param maxThroughput int = 1000

resource account 'Microsoft.DocumentDB/databaseAccounts@2024-11-15' = {
  name: accountName
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: {
      defaultConsistencyLevel: 'Session'
    }
    locations: [
      {
        locationName: location
        failoverPriority: 0
        isZoneRedundant: false
      }
    ]
    disableLocalAuth: true
    minimalTlsVersion: 'Tls12'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-11-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: {
      id: databaseName
    }
    options: {
      autoscaleSettings: {
        maxThroughput: maxThroughput
      }
    }
  }
}

resource records 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'records'
  properties: {
    resource: {
      id: 'records'
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/*'
          }
        ]
        excludedPaths: [
          {
            path: '/"_etag"/?'
          }
          {
            path: '/frameworks/*'
          }
          {
            path: '/details/?'
          }
          {
            path: '/hash/?'
          }
          {
            path: '/previousHash/?'
          }
          {
            path: '/chatIdentities/*'
          }
          {
            path: '/file/*'
          }
          {
            path: '/address/*'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/effectiveOn'
              order: 'descending'
            }
            {
              path: '/id'
              order: 'descending'
            }
          ]
        ]
      }
    }
  }
}

resource inbox 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-11-15' = {
  parent: database
  name: 'inbox'
  properties: {
    resource: {
      id: 'inbox'
      partitionKey: {
        paths: [
          '/pk'
        ]
        kind: 'Hash'
        version: 2
      }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [
          {
            path: '/pk/?'
          }
          {
            path: '/state/?'
          }
          {
            path: '/receivedAt/?'
          }
          {
            path: '/leaseUntil/?'
          }
        ]
        excludedPaths: [
          {
            path: '/*'
          }
        ]
        compositeIndexes: [
          [
            {
              path: '/state'
              order: 'ascending'
            }
            {
              path: '/receivedAt'
              order: 'ascending'
            }
          ]
        ]
      }
    }
  }
}

// Cosmos DB Built-in Data Contributor: read and write items; creating containers stays with this template.
resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-11-15' = {
  parent: account
  name: guid(account.id, principalId, 'data-contributor')
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002'
    principalId: principalId
    scope: account.id
  }
}

output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
