const app = require('./app');

const port = process.env.PORT || 4000;
const server = app.listen(port, () => console.log(`media-service on ${port}`));

// Large uploads over slow mobile connections take a while.
server.requestTimeout = 0;
