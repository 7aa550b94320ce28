module.exports = (sequelize, Sequelize) => {
  const Tutorial = sequelize.define("tutorial", {
    title: {
      type: Sequelize.STRING
    },
    description: {
      type: Sequelize.STRING
    },
    published: {
      type: Sequelize.BOOLEAN
    },
    commentCount: {
      type: Sequelize.INTEGER,
      defaultValue: 0
    }
  });

  return Tutorial;
};
