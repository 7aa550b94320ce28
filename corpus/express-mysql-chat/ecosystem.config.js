module.exports = {
  apps: [
    {
      name: 'chatroom',
      script: './app.js',
      instances: 4,
      exec_mode: 'cluster',
      env_production: {
        NODE_ENV: 'production',
        PORT: 8080,
      },
    },
  ],
};
