'use strict';
// `resources.extensions` for the Kafka event source mappings osls generates (serverless.yml).
//
// osls writes `provisionedPollerConfig` (and `onFailureDestination` on self-managed Kafka) but
// none of Lambda's other error handling controls for Kafka, which CloudFormation's
// AWS::Lambda::EventSourceMapping takes and which work only in provisioned poller mode:
// partial batch responses (FunctionResponseTypes: ReportBatchItemFailures), a maximum retry
// count (MaximumRetryAttempts), split on error (BisectBatchOnFunctionError) and an on-failure
// destination (DestinationConfig.OnFailure). They are added here, on the mappings' logical ids,
// which osls derives from the function, the topic (so from `topicPrefix`) and, for MSK, the
// cluster's name: computed with osls's own naming, from the functions' resolved events, so they
// always match what osls generates. With `kafkaProvisionedPollers: false` nothing is added (on-demand
// pollers take none of these controls; see README "Deploy").
const naming = require('osls/lib/plugins/aws/lib/naming.js');
const getMskClusterNameToken = require('osls/lib/plugins/aws/package/compile/events/msk/get-msk-cluster-name-token.js');

const logicalIdOf = (functionName, event) => {
  if (event.kafka) return naming.getKafkaEventLogicalId(functionName, event.kafka.topic);
  if (event.msk) return naming.getMSKEventLogicalId(functionName, getMskClusterNameToken(event.msk.arn), event.msk.topic);
  return null;
};

const asBoolean = (value) => value === true || String(value).toLowerCase() === 'true';
const asInteger = (value, name) => {
  const number = Number(value);
  if (!Number.isInteger(number)) throw new Error(`the deploy parameter ${name} must be a whole number, not ${JSON.stringify(value)}`);
  return number;
};

module.exports = async ({ resolveVariable, resolveConfigurationProperty }) => {
  if (!asBoolean(await resolveVariable('param:kafkaProvisionedPollers'))) return {};
  const minimumPollers = asInteger(await resolveVariable('param:kafkaMinimumPollers'), 'kafkaMinimumPollers');
  const maximumPollers = asInteger(await resolveVariable('param:kafkaMaximumPollers'), 'kafkaMaximumPollers');
  const maximumRetryAttempts = asInteger(await resolveVariable('param:kafkaMaximumRetryAttempts'), 'kafkaMaximumRetryAttempts');
  const functions = (await resolveConfigurationProperty(['functions'])) || {};
  const extensions = {};
  for (const [functionName, definition] of Object.entries(functions)) {
    for (const event of (definition && definition.events) || []) {
      const logicalId = logicalIdOf(functionName, event);
      if (!logicalId) continue;
      extensions[logicalId] = {
        Properties: {
          ProvisionedPollerConfig: { MinimumPollers: minimumPollers, MaximumPollers: maximumPollers },
          // afterglow's Kafka functions return { batchItemFailures: [{ itemIdentifier: { partition, offset } }] }.
          FunctionResponseTypes: ['ReportBatchItemFailures'],
          // A bounded number of retries, then the on-failure destination: a partition never stalls for good.
          MaximumRetryAttempts: maximumRetryAttempts,
          BisectBatchOnFunctionError: true,
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['KafkaFailureQueue', 'Arn'] } } },
        },
      };
    }
  }
  return extensions;
};
