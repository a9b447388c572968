// The user-assigned managed identity the bot runs as: it reads Cosmos DB, Blob Storage and Key Vault
// without keys.

@description('Name of the identity.')
param name string

param location string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
