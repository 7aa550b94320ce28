const { S3Client } = require('@aws-sdk/client-s3');

const s3 = new S3Client({ region: process.env.AWS_REGION || 'eu-west-1' });
const BUCKET = process.env.MEDIA_BUCKET || 'media-dev';

module.exports = { s3, BUCKET };
